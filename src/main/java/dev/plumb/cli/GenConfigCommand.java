package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.render.talos.GenConfig;
import dev.plumb.render.talos.GenInput;
import dev.plumb.render.talos.SecretsBundle;
import dev.plumb.render.talos.SecretsGenerator;
import dev.plumb.render.talos.TalosContract;
import dev.plumb.render.yaml.YamlReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plumb gen config NAME ENDPOINT}: {@code talosctl gen config} for users without talhelper
 * (siderolabs/talos cmd/talosctl/cmd/mgmt/gen/config.go): controlplane.yaml, worker.yaml and
 * talosconfig for a version contract, comments off, with the same flags, defaults, patch order and
 * output rules.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Generate controlplane.yaml, worker.yaml and talosconfig for a Talos cluster, as "
        + "talosctl gen config does (without comments).",
        "ENDPOINT is the Kubernetes API URL, e.g. https://192.168.1.10:6443.",
        "The files equal talosctl gen config --with-docs=false --with-examples=false for the same secrets."})
public final class GenConfigCommand implements Callable<Integer> {
  static final List<String> TYPES = List.of("controlplane", "worker", "talosconfig");

  @Parameters(index = "0", paramLabel = "NAME", description = "Cluster name.") String clusterName;
  @Parameters(index = "1", paramLabel = "ENDPOINT", description = "Cluster endpoint URL.") String endpoint;

  @Option(names = "--with-secrets", description = "Use a secrets bundle (talosctl gen secrets / plumb gensecret).")
  Path withSecrets;
  @Option(names = "--talos-version", description = "Talos version to generate for (version contract), e.g. v1.11.")
  String talosVersion;
  @Option(names = "--kubernetes-version", description = "Kubernetes version (default: the Talos release's default).")
  String kubernetesVersion;
  @Option(names = "--config-patch", description = "Patch for every config type (@file or inline). Repeatable.")
  List<String> patches = new ArrayList<>();
  @Option(names = "--config-patch-control-plane", description = "Patch for the control plane config. Repeatable.")
  List<String> cpPatches = new ArrayList<>();
  @Option(names = "--config-patch-worker", description = "Patch for the worker config. Repeatable.")
  List<String> workerPatches = new ArrayList<>();
  @Option(names = "--additional-sans", split = ",", description = "Additional SANs for the API server and machine certificates.")
  List<String> additionalSans = new ArrayList<>();
  @Option(names = "--install-disk", defaultValue = "/dev/sda", description = "Disk to install to (default ${DEFAULT-VALUE}).")
  String installDisk;
  @Option(names = "--install-image", description = "Installer image (default ghcr.io/siderolabs/installer:"
      + TalosContract.LATEST + ").")
  String installImage;
  @Option(names = "--dns-domain", defaultValue = "cluster.local", description = "Cluster DNS domain (default ${DEFAULT-VALUE}).")
  String dnsDomain;
  @Option(names = {"-o", "--output"}, description = "Destination: a directory for several output types; a file or - "
      + "(stdout) for one.")
  String output;
  @Option(names = "--output-dir", description = "Directory to write the files to.") String outputDir;
  @Option(names = {"-t", "--output-types"}, split = ",", description = "Output types: controlplane, worker, talosconfig.")
  List<String> outputTypes = new ArrayList<>(TYPES);
  @Option(names = "--force", description = "Overwrite existing files.") boolean force;

  @Override
  public Integer call() throws IOException {
    GenEndpoint.validate(endpoint);
    validateFlags();
    TalosContract contract = contract();
    SecretsBundle secrets = withSecrets == null ? new SecretsGenerator().generate() : loadSecrets(withSecrets);
    String k8s = kubernetesVersion == null ? contract.defaultKubernetesVersion() : kubernetesVersion;
    GenInput in = new GenInput(clusterName, endpoint, k8s.startsWith("v") ? k8s.substring(1) : k8s, contract, secrets,
        installDisk, installImage == null ? "ghcr.io/siderolabs/installer:" + TalosContract.LATEST : installImage,
        additionalSans, additionalSans, dnsDomain, List.of("10.244.0.0/16"), List.of("10.96.0.0/12"), null, false);
    GenConfig gen = new GenConfig(in);
    List<GenConfig.Patch> all = load(patches);
    Map<String, byte[]> outputs = new LinkedHashMap<>();
    if (outputTypes.contains("controlplane")) {
      outputs.put("controlplane", CanonicalYaml.encode(gen.documents(true, all, load(cpPatches))));
    }
    if (outputTypes.contains("worker")) {
      outputs.put("worker", CanonicalYaml.encode(gen.documents(false, all, load(workerPatches))));
    }
    if (outputTypes.contains("talosconfig")) {
      outputs.put("talosconfig", AdminTalosconfig.forGenConfig(clusterName, List.of(), secrets, Duration.ofDays(365))
          .reveal().getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, byte[]> e : outputs.entrySet()) {
      write(e.getValue(), destination(e.getKey()));
    }
    return 0;
  }

  private TalosContract contract() {
    try {
      TalosContract c = TalosContract.of(talosVersion == null ? TalosContract.LATEST : talosVersion);
      if (c.minor() < 8 || c.minor() > 13) {
        throw new PlumbException("invalid talos-version: plumb generates configs for Talos v1.8 through v1.13, not "
            + talosVersion);
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new PlumbException("invalid talos-version: error parsing version \"" + talosVersion + "\"");
    }
  }

  private void validateFlags() {
    if (outputTypes.isEmpty()) {
      throw new PlumbException("at least one output type must be specified");
    }
    for (String t : outputTypes) {
      if (!TYPES.contains(t)) {
        throw new PlumbException("invalid output type: \"" + t + "\" (valid types are: " + String.join(", ", TYPES) + ")");
      }
    }
    if (outputTypes.size() > 1 && "-".equals(output)) {
      throw new PlumbException("can't use multiple output types with stdout");
    }
    if (outputDir != null && output != null) {
      throw new PlumbException("can't use both output-dir and output");
    }
  }

  /** config.go outputPaths: cwd by default; --output is a file for a single type, else a directory. */
  private String destination(String type) {
    String file = type.equals("talosconfig") ? "talosconfig" : type + ".yaml";
    if (outputDir != null) {
      return Path.of(outputDir, file).toString();
    }
    if (output == null) {
      return Path.of(file).toString();
    }
    if (output.equals("-") || outputTypes.size() == 1) {
      return output;
    }
    return Path.of(output, file).toString();
  }

  private void write(byte[] data, String destination) throws IOException {
    if (destination.equals("-")) {
      System.out.write(data);
      System.out.flush();
      return;
    }
    Path p = Path.of(destination);
    if (Files.exists(p) && !force) {
      throw new PlumbException("\"" + destination + "\" already exists, use --force to overwrite");
    }
    if (p.toAbsolutePath().getParent() != null) {
      Files.createDirectories(p.toAbsolutePath().getParent());
    }
    Files.write(p, data);
    try {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default mode
    }
    System.err.println("Created " + destination);
  }

  private static SecretsBundle loadSecrets(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new PlumbException("failed to load secrets bundle: no such file: " + file);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return SecretsBundle.decode(file.toString(), YamlReader.read(file.toString(), text)
        .orElseThrow(() -> new PlumbException("failed to load secrets bundle: " + file + " is empty")));
  }

  /** configpatcher.LoadPatches: {@code @file} reads the file (relative to the working directory), else inline text. */
  static List<GenConfig.Patch> load(List<String> args) throws IOException {
    List<GenConfig.Patch> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("@")) {
        Path f = Path.of(a.substring(1));
        if (!Files.isRegularFile(f)) {
          throw new PlumbException("error parsing config patch: no such file: " + f);
        }
        out.add(new GenConfig.Patch(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
      } else {
        out.add(new GenConfig.Patch("inline patch", a));
      }
    }
    return out;
  }

  /** config.go validateClusterEndpoint: an https URL, with a suggestion when it is not. */
  static final class GenEndpoint {
    private GenEndpoint() {}

    static void validate(String endpoint) {
      URI u;
      try {
        u = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        u = null;
      }
      if (u == null || u.getScheme() == null || u.getHost() == null && !"https".equals(u.getScheme())) {
        boolean port = endpoint.matches(".*:\\d+$");
        throw new PlumbException((port ? "no scheme specified" : "no scheme and port specified")
            + " for the cluster endpoint URL\ntry: \"https://" + endpoint + (port ? "" : ":6443") + "\"");
      }
      if (!"https".equals(u.getScheme())) {
        throw new PlumbException("the control plane endpoint URL should have scheme https://\ntry: \"https://"
            + (u.getHost() == null ? u.getSchemeSpecificPart() : u.getHost()) + ":" + (u.getPort() < 0 ? 6443 : u.getPort()) + "\"");
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        throw new PlumbException("error validating the cluster endpoint URL: no host in " + endpoint);
      }
    }
  }
}
