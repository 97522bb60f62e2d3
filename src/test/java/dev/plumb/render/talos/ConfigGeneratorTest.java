package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.MemoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The base config per version contract, and talhelper's node overrides. Expectations come from
 * siderolabs/talos pkg/machinery/config/generate/{init,worker,network,registry}.go with
 * contract.go, and budimanjojo/talhelper pkg/talos/{input,nodeconfig}.go.
 */
class ConfigGeneratorTest {
  static final SecretsBundle SECRETS = SecretsBundle.of(Map.ofEntries(Map.entry("cluster.id", "cid"),
      Map.entry("cluster.secret", "csecret"), Map.entry("secrets.bootstraptoken", "abcdef.0123456789abcdef"),
      Map.entry("secrets.secretboxencryptionsecret", "sbox"), Map.entry("trustdinfo.token", "tok.en"),
      Map.entry("certs.etcd.crt", "ec"), Map.entry("certs.etcd.key", "ek"), Map.entry("certs.k8s.crt", "kc"),
      Map.entry("certs.k8s.key", "kk"), Map.entry("certs.k8saggregator.crt", "ac"),
      Map.entry("certs.k8saggregator.key", "ak"), Map.entry("certs.k8sserviceaccount.key", "sa"),
      Map.entry("certs.os.crt", "oc"), Map.entry("certs.os.key", "ok")));

  static String talconfig(String version, String extra) {
    return "clusterName: lab\ntalosVersion: " + version + "\nkubernetesVersion: v1.34.1\n"
        + "endpoint: https://10.0.0.10:6443\n" + extra + "nodes:\n"
        + "  - hostname: cp1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n    installDisk: /dev/sda\n"
        + "  - hostname: w1\n    ipAddress: 10.0.0.21\n    installDisk: /dev/sda\n";
  }

  static TalConfig load(String text) {
    return new TalConfigLoader(new MemoryTree().put("talconfig.yaml", text), new SopsDecryptor(new AgeKeys(List.of())))
        .load("talconfig.yaml", List.of(), Map.of(), Map.of());
  }

  static List<Map<String, Object>> generate(String text, SecretsBundle secrets, int node) {
    TalConfig cfg = load(text);
    return new ConfigGenerator(cfg, secrets).generate(cfg.nodes().get(node));
  }

  static Map<String, Object> at(Map<String, Object> doc, String... path) {
    Map<String, Object> m = doc;
    for (String p : path) {
      m = ConfigGenerator.asMap(m.get(p));
    }
    return m;
  }

  /** HideRBACAndKeyUsage and StableHostname && !MultidocNetwork: the three features only below 1.12. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8.4", "v1.9.6", "v1.10.7", "v1.11.5", "v1.12.3", "v1.13.9"})
  void legacyFeatureFlagsOnlyBelow112(String version) {
    boolean legacy = TalosContract.of(version).minor() < 12;
    for (int node : new int[] {0, 1}) {
      Map<String, Object> features = at(generate(talconfig(version, ""), SECRETS, node).get(0), "machine", "features");
      assertThat(features.containsKey("rbac")).as(version).isEqualTo(legacy);
      assertThat(features.containsKey("stableHostname")).as(version).isEqualTo(legacy);
      assertThat(features.containsKey("apidCheckExtKeyUsage")).as(version).isEqualTo(legacy);
      assertThat(features).containsEntry("diskQuotaSupport", true)
          .containsEntry("kubePrism", Map.of("enabled", true, "port", 7445L))
          .containsEntry("hostDNS", Map.of("enabled", true, "forwardKubeDNSToHost", true));
    }
  }

  /** HideDisablePSP and the endpoint SAN (GetAPIServerSANs) up to 1.11; extra SANs always. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8.4", "v1.9.6", "v1.10.7", "v1.11.5", "v1.12.3", "v1.13.9"})
  void apiServerPspAndEndpointSanUpTo111(String version) {
    boolean legacy = TalosContract.of(version).minor() < 12;
    Map<String, Object> api = at(generate(talconfig(version, ""), SECRETS, 0).get(0), "cluster", "apiServer");
    assertThat(api.containsKey("disablePodSecurityPolicy")).isEqualTo(legacy);
    assertThat(api.containsKey("certSANs")).isEqualTo(legacy);
    Map<String, Object> withExtra = at(generate(talconfig(version, "additionalApiServerCertSans: [api.lab]\n"),
        SECRETS, 0).get(0), "cluster", "apiServer");
    assertThat(withExtra.get("certSANs")).isEqualTo(legacy ? List.of("10.0.0.10", "api.lab") : List.of("api.lab"));
  }

  /** url.Hostname() strips the brackets of an IPv6 endpoint. */
  @Test
  void ipv6EndpointSanHasNoBrackets() {
    String text = talconfig("v1.11.5", "").replace("https://10.0.0.10:6443", "https://[2a01:e0a::11]:6443");
    assertThat(at(generate(text, SECRETS, 0).get(0), "cluster", "apiServer").get("certSANs"))
        .isEqualTo(List.of("2a01:e0a::11"));
  }

  /** network.go: machine.network {} unless KubeSpan is a document (1.13); registry.go: registries {} before 1.12. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8.4", "v1.11.5", "v1.12.3", "v1.13.9"})
  void emptyNetworkAndRegistriesPerContract(String version) {
    int minor = TalosContract.of(version).minor();
    for (int node : new int[] {0, 1}) {
      Map<String, Object> machine = at(generate(talconfig(version, ""), SECRETS, node).get(0), "machine");
      assertThat(machine.containsKey("network")).isEqualTo(minor < 13);
      assertThat(machine.containsKey("registries")).isEqualTo(minor < 12);
      assertThat(at(machine, "install").containsKey("grubUseUKICmdline")).isEqualTo(minor >= 12);
    }
    Map<String, Object> network = at(generate(talconfig(version, ""), SECRETS, 0).get(0), "machine", "network");
    assertThat(network.get("hostname")).isEqualTo(minor < 12 ? "cp1" : null);
  }

  /** init.go: a control plane carries extraManifests: [] and inlineManifests: []; a worker neither. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8.4", "v1.12.3", "v1.13.9"})
  void controlPlaneHasEmptyManifestLists(String version) {
    Map<String, Object> cp = at(generate(talconfig(version, ""), SECRETS, 0).get(0), "cluster");
    assertThat(cp).containsEntry("extraManifests", List.of()).containsEntry("inlineManifests", List.of());
    Map<String, Object> w = at(generate(talconfig(version, ""), SECRETS, 1).get(0), "cluster");
    assertThat(w).doesNotContainKeys("extraManifests", "inlineManifests", "secretboxEncryptionSecret", "apiServer");
    assertThat(w).containsEntry("clusterName", "lab");
  }

  /** network.go: 1.12+ generates HostnameConfig auto: stable; talhelper's hostname patch merges into it. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.12.3", "v1.13.9"})
  void hostnameDocumentMergedOnce(String version) {
    List<Map<String, Object>> docs = generate(talconfig(version, ""), SECRETS, 0);
    List<Map<String, Object>> hostnames = docs.stream().filter(d -> "HostnameConfig".equals(d.get("kind"))).toList();
    assertThat(hostnames).hasSize(1);
    assertThat(hostnames.get(0)).containsEntry("hostname", "cp1").containsEntry("auto", "off");
    assertThat(docs.get(1)).isSameAs(hostnames.get(0));
  }

  /** talhelper nodeconfig.go: node nodeLabels replace the generated map, dropping the exclude-from-LB label. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.8.4", "v1.11.5", "v1.13.9"})
  void nodeLabelsReplaceTheGeneratedLabel(String version) {
    String plain = talconfig(version, "");
    assertThat(at(generate(plain, SECRETS, 0).get(0), "machine", "nodeLabels"))
        .isEqualTo(Map.of("node.kubernetes.io/exclude-from-external-load-balancers", ""));
    String labelled = plain.replace("    controlPlane: true\n", "    controlPlane: true\n    nodeLabels:\n      rack: r1\n");
    assertThat(at(generate(labelled, SECRETS, 0).get(0), "machine", "nodeLabels")).isEqualTo(Map.of("rack", "r1"));
    String empty = plain.replace("    controlPlane: true\n", "    controlPlane: true\n    nodeLabels: {}\n");
    assertThat(at(generate(empty, SECRETS, 0).get(0), "machine")).doesNotContainKey("nodeLabels");
  }

  /** talhelper issue #81: an aescbc bundle's key goes to every node; talconfig inlineManifests too. */
  @Test
  void legacyAescbcAndInlineManifestsOnEveryNode() {
    Map<String, String> values = new java.util.HashMap<>();
    for (String k : SecretsBundle.REQUIRED) {
      values.put(k, SECRETS.get(k));
    }
    values.put("secrets.aescbcencryptionsecret", "aes");
    SecretsBundle aescbc = SecretsBundle.of(values);
    String text = talconfig("v1.13.9", "inlineManifests:\n  - name: ns\n    contents: |\n      kind: Namespace\n");
    for (int node : new int[] {0, 1}) {
      Map<String, Object> cluster = at(generate(text, aescbc, node).get(0), "cluster");
      assertThat(cluster).containsEntry("aescbcEncryptionSecret", "aes").doesNotContainKey("secretboxEncryptionSecret");
      assertThat(cluster.get("inlineManifests")).isEqualTo(List.of(Map.of("name", "ns", "contents", "kind: Namespace\n")));
    }
  }

  /** talhelper nodeconfig.go: schematic kernel args go to install only without UKI and below 1.12. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.11.5", "v1.12.3"})
  void schematicKernelArgsOnlyBelow112(String version) {
    String text = talconfig(version, "").replace("    installDisk: /dev/sda\n  - hostname: w1",
        "    installDisk: /dev/sda\n    schematic:\n      customization:\n        extraKernelArgs: [net.ifnames=0]\n"
            + "  - hostname: w1");
    Map<String, Object> install = at(generate(text, SECRETS, 0).get(0), "machine", "install");
    assertThat(install.get("extraKernelArgs")).isEqualTo(TalosContract.of(version).minor() < 12
        ? List.of("net.ifnames=0") : null);
  }

  /** Node certSANs are appended to additionalMachineCertSans (talhelper input.go + nodeconfig.go). */
  @Test
  void machineCertSansAreTheGlobalThenTheNodeOnes() {
    String text = talconfig("v1.13.9", "additionalMachineCertSans: [global.lab]\n")
        .replace("    controlPlane: true\n", "    controlPlane: true\n    certSANs: [cp1.lab]\n");
    assertThat(at(generate(text, SECRETS, 0).get(0), "machine").get("certSANs")).isEqualTo(List.of("global.lab", "cp1.lab"));
    assertThat(at(generate(talconfig("v1.13.9", ""), SECRETS, 1).get(0), "machine").get("certSANs")).isEqualTo(List.of());
  }

  /** No talosVersion: talhelper's LatestTalosVersion; no kubernetesVersion: the release's default. */
  @Test
  void missingVersionsTakeDefaults() {
    String text = talconfig("x", "").replace("talosVersion: x\nkubernetesVersion: v1.34.1\n", "");
    assertThat(TalValidator.validate(load(text), new MemoryTree().put("talconfig.yaml", text))).isEmpty();
    Map<String, Object> v1 = generate(text, SECRETS, 0).get(0);
    assertThat(at(v1, "machine", "install").get("image").toString()).endsWith(":" + TalosContract.LATEST);
    assertThat(at(v1, "machine", "kubelet").get("image"))
        .isEqualTo("ghcr.io/siderolabs/kubelet:v" + TalosContract.of(TalosContract.LATEST).defaultKubernetesVersion());
  }

  /** imageFactory.installerURLTmpl (talhelper schematic.go GetInstallerURL) with the node's machineSpec. */
  @Test
  void installerUrlTemplateIsHonoured() {
    String text = talconfig("v1.13.9", "imageFactory:\n  registryURL: factory.lab\n  installerURLTmpl: "
        + "\"{{.RegistryURL}}/installer{{if .Secureboot}}-sb{{else}}-plain{{end}}/{{.ID}}:{{.Version}}-{{.Mode}}\"\n")
        .replace("    controlPlane: true\n", "    controlPlane: true\n    machineSpec:\n      secureboot: true\n");
    assertThat(at(generate(text, SECRETS, 0).get(0), "machine", "install").get("image")).isEqualTo(
        "factory.lab/installer-sb/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9-metal");
    assertThat(at(generate(text, SECRETS, 1).get(0), "machine", "install").get("image").toString())
        .startsWith("factory.lab/installer-plain/");
    // Go's printf is a template builtin, as in talhelper; a function that does not exist is an error
    String printf = text.replace("{{.Mode}}", "{{ printf \\\"%s\\\" .Mode }}");
    assertThat(at(generate(printf, SECRETS, 0).get(0), "machine", "install").get("image").toString()).endsWith(":v1.13.9-metal");
    String bad = text.replace("{{.Mode}}", "{{ nosuchfunction .Mode }}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> generate(bad, SECRETS, 0))
        .isInstanceOf(RenderException.class).hasMessageContaining("imageFactory.installerURLTmpl");
  }
}
