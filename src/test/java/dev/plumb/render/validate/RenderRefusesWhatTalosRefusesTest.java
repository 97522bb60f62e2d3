package dev.plumb.render.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.SecretsGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A config Talos would refuse never leaves render (and so neither validate, plan nor the daemon,
 * which all render through ClusterRenderer); the problem names the talconfig line, the node, the
 * document and the field.
 */
class RenderRefusesWhatTalosRefusesTest {
  static String secrets;

  @BeforeAll
  static void bundle() {
    secrets = new SecretsGenerator().generate().toYaml().reveal();
  }

  static String talconfig(String version, String node) {
    return "clusterName: c\ntalosVersion: " + version + "\nkubernetesVersion: v1.33.0\n"
        + "endpoint: https://10.0.0.1:6443\nnodes:\n" + node;
  }

  static ClusterDesired render(String talconfig) {
    MemoryTree tree = new MemoryTree().put("talconfig.yaml", talconfig).put("talsecret.yaml", secrets);
    return new ClusterRenderer(tree, new SopsDecryptor(new AgeKeys(List.of())))
        .render("talconfig.yaml", ClusterRenderer.Options.defaults());
  }

  @Test
  void aStaticHostnamePatchedBesideTheHostnameDocumentIsRefusedAtThePatchLine() {
    // Talos 1.13 network/hostname.go V1Alpha1ConflictValidate
    String cfg = talconfig("v1.13.9", "  - hostname: cp1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n"
        + "    installDisk: /dev/sda\n    patches:\n      - |-\n        machine:\n          network:\n"
        + "            hostname: other\n");
    RenderException e = catchThrowableOfType(RenderException.class, () -> render(cfg));
    assertThat(e).isNotNull();
    RenderProblem p = e.problems().get(0);
    assertThat(p.file()).isEqualTo("talconfig.yaml");
    assertThat(p.line()).as("the hostname key inside the inline patch").isEqualTo(14);
    assertThat(p.field()).isEqualTo("nodes[0]");
    assertThat(p.message()).contains("node cp1", "document v1alpha1", "field machine.network.hostname",
        "static hostname is already set in v1alpha1 config", "Talos v1.13.9 would refuse");
  }

  @Test
  void aTalconfigFieldThatTalosRefusesIsReportedAtItsLine() {
    // v1alpha1_validation.go: labels.Validate of machine.nodeLabels
    String cfg = talconfig("v1.11.6", "  - hostname: cp1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n"
        + "    installDisk: /dev/sda\n    nodeLabels:\n      \"-bad\": x\n");
    RenderException e = catchThrowableOfType(RenderException.class, () -> render(cfg));
    assertThat(e).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> {
      assertThat(p.line()).as("the nodeLabels mapping").isEqualTo(11);
      assertThat(p.field()).isEqualTo("nodes[0].nodeLabels");
      assertThat(p.message()).contains("invalid machine node labels");
    });
  }

  @Test
  void anUnknownFieldFromAnInlinePatchIsRefusedAtThePatchLine() {
    String cfg = talconfig("v1.12.3", "  - hostname: w1\n    ipAddress: 10.0.0.3\n    installDisk: /dev/sda\n"
        + "    controlPlane: true\n    patches:\n      - |-\n        machine:\n          sysctl:\n            a: b\n");
    RenderException e = catchThrowableOfType(RenderException.class, () -> render(cfg));
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("talconfig.yaml");
      assertThat(p.line()).as("the sysctl key inside the inline patch").isEqualTo(13);
      assertThat(p.field()).isEqualTo("nodes[0]");
      assertThat(p.message()).contains("node w1", "document v1alpha1", "field machine.sysctl",
          "field sysctl not found in type v1alpha1.MachineConfig");
    });
  }

  @Test
  void anUnknownFieldFromAPatchFileIsRefusedAtTheLineOfThatFile() {
    String cfg = talconfig("v1.13.9", "  - hostname: cp1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n"
        + "    installDisk: /dev/sda\n    patches:\n      - \"@./patches/bad.yaml\"\n");
    MemoryTree tree = new MemoryTree().put("talconfig.yaml", cfg).put("talsecret.yaml", secrets)
        .put("patches/bad.yaml", "# tuning\nmachine:\n  kubelet:\n    extraArgs: {a: b}\n  sysctl:\n    a: b\n");
    RenderException e = catchThrowableOfType(RenderException.class, () -> new ClusterRenderer(tree,
        new SopsDecryptor(new AgeKeys(List.of()))).render("talconfig.yaml", ClusterRenderer.Options.defaults()));
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("patches/bad.yaml");
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.message()).contains("node cp1", "field machine.sysctl", "unknown keys found during decoding");
    });
  }

  @Test
  void aVipOnADhcpLinkWithoutALinkDocumentRendersOnEveryMultiDocumentRelease() {
    // network/layer2_vip.go Validate only requires the link to be named (issue 7)
    for (String v : List.of("v1.12.3", "v1.13.9")) {
      String cfg = talconfig(v, "  - hostname: cp1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n"
          + "    installDisk: /dev/sda\n    networkInterfaces:\n      - interface: enp1s0\n        dhcp: true\n"
          + "        vip:\n          ip: 10.0.0.100\n");
      ClusterDesired c = render(cfg);
      assertThat(c.nodes().get(0).documentKinds()).as(v).anyMatch(k -> k.contains("Layer2VIPConfig"));
    }
  }

  @Test
  void everySupportedReleaseRendersAPlainClusterThatTalosAccepts() {
    for (String v : List.of("v1.8.4", "v1.9.6", "v1.10.9", "v1.11.6", "v1.12.11", "v1.13.9")) {
      String cfg = talconfig(v, "  - hostname: cp1\n    ipAddress: 10.0.0.2\n    controlPlane: true\n"
          + "    installDisk: /dev/sda\n  - hostname: w1\n    ipAddress: 10.0.0.3\n    installDisk: /dev/sda\n");
      assertThat(render(cfg).nodes()).as(v).hasSize(2);
    }
  }
}
