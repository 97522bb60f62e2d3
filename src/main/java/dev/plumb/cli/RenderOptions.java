package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.KeySource;
import dev.plumb.render.sops.KeySources;
import dev.plumb.render.sops.ProcessKeyCommand;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.TalEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The inputs of rendering that {@code plumb render} and {@code plumb validate} share. */
public final class RenderOptions {
  @Option(names = "--env", description = "KEY=VALUE for $${KEY}; wins over env files and the environment. Repeatable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", description = "Env file (relative to the talconfig's directory) instead of talenv*.yaml. Repeatable.")
  List<String> envFiles = new ArrayList<>();

  @Option(names = "--no-env-files", description = "Read no env file; variables come from --env and the process environment.")
  boolean noEnvFiles;

  @Option(names = "--secrets", description = "A plain secrets bundle to use instead of the repository's talsecret.")
  Path secrets;

  @Option(names = "--age-key-file", description = {"An age key file (or SSH private key) for SOPS-encrypted files,",
      "tried before SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default keys.txt and SSH keys. Repeatable."})
  List<Path> keyFiles = new ArrayList<>();

  ClusterRenderer.Options options() {
    Map<String, String> explicit = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new PlumbException("--env '" + kv + "': expected KEY=VALUE");
      }
      explicit.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    Optional<byte[]> bundle = Optional.empty();
    if (secrets != null) {
      try {
        bundle = Optional.of(Files.readAllBytes(secrets));
      } catch (IOException e) {
        throw new PlumbException("cannot read --secrets " + secrets + ": " + e.getMessage(), e);
      }
    }
    return new ClusterRenderer.Options(System.getenv(), explicit, noEnvFiles ? List.of(TalEnv.NONE) : envFiles, bundle);
  }

  SopsDecryptor sops() {
    return new SopsDecryptor(keySources(keyFiles.stream().map(KeySource::file).toList(), KeySources.DEFAULT_TIMEOUT),
        System.getenv());
  }

  /**
   * plumb's own key sources, then every source sops reads; key commands run as child processes.
   * Shared by the commands that decrypt.
   */
  static KeySources keySources(List<KeySource> configured, java.time.Duration timeout) {
    boolean macOs = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
    return new KeySources(configured, macOs, new ProcessKeyCommand(), timeout);
  }
}
