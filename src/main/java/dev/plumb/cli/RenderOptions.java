package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.AgeKeys;
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

  @Option(names = "--age-key-file", description = "An age key file for SOPS-encrypted files. Repeatable.")
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
    return new SopsDecryptor(AgeKeys.load(System.getenv(), Path.of(System.getProperty("user.home")), keyFiles));
  }
}
