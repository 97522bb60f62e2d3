package dev.plumb.daemon;

import dev.plumb.render.sops.KeySource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the daemon finds its decryption keys before the sops variables: a systemd credential
 * (default {@code age-key}, i.e. {@code $CREDENTIALS_DIRECTORY/age-key}, loaded by
 * {@code LoadCredential=} or {@code LoadCredentialEncrypted=}), key files, and a key command. The
 * credential keeps the key out of the unit's environment and out of world-readable files.
 *
 * @param credential the credential's name; empty means none
 * @param files age key files (or SSH private keys) that must exist
 * @param command a command printing keys (no shell); empty means none
 * @param commandTimeout how long a key command may take
 */
public record DaemonKeys(String credential, List<Path> files, List<String> command, Duration commandTimeout) {
  public static final String DEFAULT_CREDENTIAL = "age-key";

  public DaemonKeys {
    files = List.copyOf(files);
    command = List.copyOf(command);
  }

  /** The sources in the order they are tried; the credential resolves against {@code env}. */
  public List<KeySource> sources(Map<String, String> env) {
    List<KeySource> out = new ArrayList<>();
    if (!credential.isEmpty()) {
      String dir = env.getOrDefault("CREDENTIALS_DIRECTORY", "");
      String label = "systemd credential " + credential;
      out.add(dir.isEmpty()
          ? KeySource.absent(label + " ($CREDENTIALS_DIRECTORY is not set)")
          : KeySource.optionalFile(label, Path.of(dir, credential)));
    }
    files.forEach(f -> out.add(KeySource.file(f)));
    if (!command.isEmpty()) {
      out.add(KeySource.command("ageKeyCommand (" + command.get(0) + ")", command));
    }
    return out;
  }
}
