package dev.plumb.source;

import dev.plumb.fleet.PlumbException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code signedCommits} section of the daemon config: which keys a fleet commit must be signed
 * by before plumb applies it. With neither field set, signatures are not checked.
 *
 * @param openpgpKeyFiles armored OpenPGP public keys ({@code gpg --armor --export KEYID})
 * @param sshAllowedSigners an OpenSSH allowed-signers file, as Git's {@code gpg.ssh.allowedSignersFile}
 */
public record SigningPolicy(List<Path> openpgpKeyFiles, Optional<Path> sshAllowedSigners) {
  private static final Set<String> FIELDS = Set.of("openpgpKeyFiles", "sshAllowedSignersFile");

  public SigningPolicy {
    openpgpKeyFiles = List.copyOf(openpgpKeyFiles);
  }

  public static SigningPolicy none() {
    return new SigningPolicy(List.of(), Optional.empty());
  }

  /** Whether commits must be signed. */
  public boolean enabled() {
    return !openpgpKeyFiles.isEmpty() || sshAllowedSigners.isPresent();
  }

  /** Reads the section; every named file must exist, so that a typo fails at start, not at the first commit. */
  @SuppressWarnings("unchecked")
  public static SigningPolicy parse(Path file, Object section) {
    if (section == null) {
      return none();
    }
    if (!(section instanceof Map<?, ?> raw)) {
      throw new PlumbException(file + ": signedCommits: expected a map with openpgpKeyFiles and/or sshAllowedSignersFile");
    }
    Map<String, Object> m = (Map<String, Object>) raw;
    for (String k : m.keySet()) {
      if (!FIELDS.contains(k)) {
        throw new PlumbException(file + ": unknown field 'signedCommits." + k
            + "' (known: openpgpKeyFiles, sshAllowedSignersFile)");
      }
    }
    List<Path> keys = new ArrayList<>();
    Object k = m.get("openpgpKeyFiles");
    if (k instanceof List<?> l) {
      l.forEach(x -> keys.add(existing(file, "signedCommits.openpgpKeyFiles", String.valueOf(x))));
    } else if (k != null) {
      throw new PlumbException(file + ": signedCommits.openpgpKeyFiles: expected a list of armored public key files");
    }
    Optional<Path> ssh = Optional.ofNullable(m.get("sshAllowedSignersFile"))
        .map(x -> existing(file, "signedCommits.sshAllowedSignersFile", String.valueOf(x)));
    SigningPolicy p = new SigningPolicy(keys, ssh);
    if (!p.enabled()) {
      throw new PlumbException(file + ": signedCommits: name openpgpKeyFiles and/or sshAllowedSignersFile"
          + " (or drop the section to apply unsigned commits)");
    }
    return p;
  }

  private static Path existing(Path file, String field, String value) {
    Path p = Path.of(value).toAbsolutePath();
    if (!Files.isReadable(p)) {
      throw new PlumbException(file + ": " + field + ": cannot read " + p);
    }
    return p;
  }
}
