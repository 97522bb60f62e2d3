package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.talos.TalosContract;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code plumb gen config}, flag by flag, against talosctl gen config (siderolabs/talos
 * cmd/talosctl/cmd/mgmt/gen/config.go, pkg/machinery/config/bundle/bundle.go, generate/*.go).
 */
class GenConfigCommandTest {
  static final String SECRETS = Path.of("src/test/resources/render/cases/secrets.yaml").toAbsolutePath().toString();
  static final String EP = "https://10.5.0.2:6443";

  @TempDir Path dir;

  CliRun gen(String... args) {
    List<String> all = new ArrayList<>(List.of("gen", "config", "lab", EP, "--with-secrets", SECRETS,
        "--output-dir", dir.toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> docs(String file) throws IOException {
    String text = Files.readString(dir.resolve(file));
    return YamlReader.readAll(file, text).stream().map(n -> (Map<String, Object>) YValues.toJava(n)).toList();
  }

  @SuppressWarnings("unchecked")
  static Object at(Map<String, Object> doc, String... path) {
    Object o = doc;
    for (String p : path) {
      o = o instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(p) : null;
    }
    return o;
  }

  @Test
  void writesTheThreeFilesAsTalosctlNamesThem() throws IOException {
    CliRun r = gen();
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("Created " + dir.resolve("controlplane.yaml"));
    assertThat(dir.resolve("controlplane.yaml")).exists();
    assertThat(dir.resolve("worker.yaml")).exists();
    assertThat(dir.resolve("talosconfig")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("worker.yaml"))))
        .isEqualTo("rw-r--r--");
    Map<String, Object> cp = docs("controlplane.yaml").get(0);
    assertThat(at(cp, "machine", "type")).isEqualTo("controlplane");
    assertThat(at(cp, "machine", "install", "disk")).isEqualTo("/dev/sda");
    assertThat(at(cp, "machine", "install", "image")).isEqualTo("ghcr.io/siderolabs/installer:" + TalosContract.LATEST);
    assertThat(at(cp, "cluster", "network", "dnsDomain")).isEqualTo("cluster.local");
    assertThat(at(docs("worker.yaml").get(0), "machine", "type")).isEqualTo("worker");
  }

  /** Without --with-secrets a fresh bundle is made (talosctl: secrets.NewBundle), the same in all three files. */
  @Test
  void withoutSecretsAFreshBundleIsShared() throws IOException {
    CliRun r = CliRun.of("gen", "config", "lab", EP, "--output-dir", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Object id = at(docs("controlplane.yaml").get(0), "cluster", "id");
    assertThat(id.toString()).hasSize(44).isNotEqualTo("B5JvXci0XNbKmD/EiiniuzmTXknx70PL2sceZ7xgTfY=");
    assertThat(at(docs("worker.yaml").get(0), "cluster", "id")).isEqualTo(id);
    String osCa = at(docs("worker.yaml").get(0), "machine", "ca", "crt").toString();
    assertThat(Files.readString(dir.resolve("talosconfig"))).contains("ca: " + osCa);
  }

  /** --with-secrets: the bundle's values, so two runs give the same machine configs. */
  @Test
  void withSecretsIsDeterministic() throws IOException {
    assertThat(gen().code()).isZero();
    byte[] first = Files.readAllBytes(dir.resolve("controlplane.yaml"));
    assertThat(gen("--force").code()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("controlplane.yaml"))).isEqualTo(first);
    String secrets = Files.readString(Path.of(SECRETS));
    assertThat(secrets).contains("id: " + at(docs("controlplane.yaml").get(0), "cluster", "id"));
  }

  /** --talos-version selects the contract: the rows of contract.go per release. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8", "v1.9.0", "v1.10", "v1.11.5", "v1.12", "1.13.2"})
  void talosVersionSelectsTheContract(String version) throws IOException {
    assertThat(gen("--talos-version", version).code()).isZero();
    int minor = TalosContract.of(version).minor();
    List<Map<String, Object>> cp = docs("controlplane.yaml");
    Map<String, Object> v1 = cp.get(0);
    assertThat(at(v1, "machine", "features", "rbac")).isEqualTo(minor < 12 ? true : null);
    assertThat(at(v1, "machine", "features", "stableHostname")).isEqualTo(minor < 12 ? true : null);
    assertThat(at(v1, "cluster", "apiServer", "disablePodSecurityPolicy")).isEqualTo(minor < 12 ? true : null);
    assertThat(at(v1, "cluster", "apiServer", "certSANs")).isEqualTo(minor < 12 ? List.of("10.5.0.2") : null);
    assertThat(((Map<?, ?>) v1.get("machine")).containsKey("network")).isEqualTo(minor < 13);
    assertThat(((Map<?, ?>) v1.get("machine")).containsKey("registries")).isEqualTo(minor < 12);
    assertThat(cp.stream().map(d -> d.get("kind")).toList())
        .isEqualTo(minor < 12 ? java.util.Arrays.asList((Object) null) : java.util.Arrays.asList(null, "HostnameConfig"));
    // with comments off Talos's encoder is plain yaml.Marshal: omitempty drops the empty list
    // (siderolabs/talos pkg/machinery/config/encoder/encoder.go, Encode with CommentsDisabled)
    assertThat(at(v1, "cluster", "extraManifests")).isNull();
    assertThat(at(docs("worker.yaml").get(0), "cluster", "extraManifests")).isNull();
  }

  /**
   * The whole output per contract, reviewed as golden files (src/test/resources/gen/v1.N/); refresh with
   * -Dplumb.golden.update=true like the render goldens.
   */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8", "v1.9", "v1.10", "v1.11", "v1.12", "v1.13"})
  void goldenOutputPerContract(String version) throws IOException {
    assertThat(gen("--talos-version", version, "--kubernetes-version", "v1.34.1", "-t", "controlplane,worker").code())
        .isZero();
    Path golden = Path.of("src/test/resources/gen", version);
    for (String f : List.of("controlplane.yaml", "worker.yaml")) {
      dev.plumb.render.Golden.assertMatches(golden.resolve(f), Files.readString(dir.resolve(f)));
    }
  }

  @Test
  void talosVersionOutsideTheSupportedContractsIsRefused() {
    assertThat(gen("--talos-version", "v1.7.6").err()).contains("Talos v1.8 through v1.13, not v1.7.6");
    assertThat(gen("--talos-version", "latest").err()).contains("invalid talos-version: error parsing version \"latest\"");
  }

  @Test
  void kubernetesVersionWithOrWithoutV() throws IOException {
    assertThat(gen("--kubernetes-version", "v1.33.1").code()).isZero();
    assertThat(at(docs("worker.yaml").get(0), "machine", "kubelet", "image")).isEqualTo("ghcr.io/siderolabs/kubelet:v1.33.1");
    assertThat(gen("--kubernetes-version", "1.32.0", "--force").code()).isZero();
    assertThat(at(docs("controlplane.yaml").get(0), "cluster", "apiServer", "image"))
        .isEqualTo("registry.k8s.io/kube-apiserver:v1.32.0");
  }

  /** bundle.go: --config-patch on both, then the role's own patches; @file is read, JSON patches too. */
  @Test
  void patchesApplyToTheirRolesInOrder() throws IOException {
    Path json = dir.resolve("p.json");
    Files.writeString(json, "[{\"op\": \"add\", \"path\": \"/machine/install/wipe\", \"value\": true}]");
    CliRun r = gen("--talos-version", "v1.11.5",
        "--config-patch", "machine:\n  nodeLabels:\n    zone: a\n",
        "--config-patch", "@" + json,
        "--config-patch-control-plane", "machine:\n  nodeLabels:\n    zone: cp\n",
        "--config-patch-worker", "cluster:\n  network:\n    dnsDomain: w.local\n");
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    Map<String, Object> cp = docs("controlplane.yaml").get(0);
    Map<String, Object> w = docs("worker.yaml").get(0);
    assertThat(at(cp, "machine", "nodeLabels", "zone")).isEqualTo("cp");
    assertThat(at(w, "machine", "nodeLabels", "zone")).isEqualTo("a");
    assertThat(at(cp, "machine", "install", "wipe")).isEqualTo(true);
    assertThat(at(w, "machine", "install", "wipe")).isEqualTo(true);
    assertThat(at(cp, "cluster", "network", "dnsDomain")).isEqualTo("cluster.local");
    assertThat(at(w, "cluster", "network", "dnsDomain")).isEqualTo("w.local");
  }

  /** A JSON patch on a 1.12+ config (two documents) fails as Talos's does. */
  @Test
  void jsonPatchOnMultiDocumentConfigIsAnError() {
    CliRun r = gen("--talos-version", "v1.13.9", "--config-patch", "[{\"op\": \"remove\", \"path\": \"/debug\"}]");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("JSON6902 patches are not supported for multi-document machine configuration");
  }

  /** --additional-sans go to the API server (after the endpoint host up to 1.11) and to machine.certSANs. */
  @Test
  void additionalSans() throws IOException {
    assertThat(gen("--talos-version", "v1.10", "--additional-sans", "api.lab,10.5.0.9").code()).isZero();
    Map<String, Object> cp = docs("controlplane.yaml").get(0);
    assertThat(at(cp, "cluster", "apiServer", "certSANs")).isEqualTo(List.of("10.5.0.2", "api.lab", "10.5.0.9"));
    assertThat(at(cp, "machine", "certSANs")).isEqualTo(List.of("api.lab", "10.5.0.9"));
    assertThat(gen("--talos-version", "v1.13", "--additional-sans", "api.lab", "--force").code()).isZero();
    assertThat(at(docs("controlplane.yaml").get(0), "cluster", "apiServer", "certSANs")).isEqualTo(List.of("api.lab"));
  }

  @Test
  void installDiskImageAndDnsDomain() throws IOException {
    assertThat(gen("--install-disk", "/dev/nvme0n1", "--install-image", "registry.lab/installer:v1.13.0",
        "--dns-domain", "lab.internal").code()).isZero();
    Map<String, Object> w = docs("worker.yaml").get(0);
    assertThat(at(w, "machine", "install", "disk")).isEqualTo("/dev/nvme0n1");
    assertThat(at(w, "machine", "install", "image")).isEqualTo("registry.lab/installer:v1.13.0");
    assertThat(at(w, "cluster", "network", "dnsDomain")).isEqualTo("lab.internal");
  }

  /** config.go outputPaths: one type and --output is a file; - is stdout; several types need a directory. */
  @Test
  void outputTypesAndOutput() throws IOException {
    Path tc = dir.resolve("sub/my-talosconfig");
    CliRun r = CliRun.of("gen", "config", "lab", EP, "--with-secrets", SECRETS, "-t", "talosconfig", "-o", tc.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String text = Files.readString(tc);
    assertThat(text).startsWith("context: lab\ncontexts:\n    lab:\n        endpoints: []\n        ca: ");
    assertThat(dir.resolve("controlplane.yaml")).doesNotExist();
    CliRun out = CliRun.of("gen", "config", "lab", EP, "--with-secrets", SECRETS, "-t", "worker", "-o", "-");
    assertThat(out.code()).isZero();
    assertThat(out.out()).startsWith("version: v1alpha1\n").contains("type: worker");
    CliRun both = CliRun.of("gen", "config", "lab", EP, "-t", "worker,controlplane", "-o", "-");
    assertThat(both.code()).isNotZero();
    assertThat(both.err()).contains("can't use multiple output types with stdout");
    CliRun bad = gen("-t", "kubeconfig");
    assertThat(bad.err()).contains("invalid output type: \"kubeconfig\"");
  }

  @Test
  void existingFilesAreNotOverwrittenWithoutForce() throws IOException {
    Files.writeString(dir.resolve("worker.yaml"), "mine\n");
    CliRun r = gen();
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("already exists, use --force to overwrite");
    assertThat(Files.readString(dir.resolve("worker.yaml"))).isEqualTo("mine\n");
  }

  /** validateClusterEndpoint: an https URL, else a message with a suggestion. */
  @Test
  void endpointMustBeHttps() {
    CliRun noScheme = CliRun.of("gen", "config", "lab", "10.5.0.2:6443", "-o", dir.toString());
    assertThat(noScheme.err()).contains("no scheme specified for the cluster endpoint URL").contains("https://10.5.0.2:6443");
    CliRun http = CliRun.of("gen", "config", "lab", "http://10.5.0.2:6443", "-o", dir.toString());
    assertThat(http.err()).contains("should have scheme https://");
  }
}
