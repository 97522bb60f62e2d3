package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.talos.SecretsGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumb validate} reports what Talos would refuse, one problem per line, as render does. */
class ValidateTalosRulesTest {
  @Test
  void reportsTheStableHostnameConflictAtThePatchFileLineAndExitsOne(@TempDir Path dir) throws Exception {
    // Talos 1.13 network/hostname.go V1Alpha1ConflictValidate refuses stableHostname beside HostnameConfig
    Files.writeString(dir.resolve("talconfig.yaml"), "clusterName: c\ntalosVersion: v1.13.9\n"
        + "kubernetesVersion: v1.33.0\nendpoint: https://10.0.0.1:6443\nnodes:\n  - hostname: cp1\n"
        + "    ipAddress: 10.0.0.2\n    controlPlane: true\n    installDisk: /dev/sda\n    patches:\n"
        + "      - \"@./features.yaml\"\n");
    Files.writeString(dir.resolve("features.yaml"), "machine:\n  features:\n    stableHostname: true\n");
    Files.writeString(dir.resolve("talsecret.yaml"), new SecretsGenerator().generate().toYaml().reveal());
    CliRun r = CliRun.of("validate", dir.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out().lines()).anyMatch(l -> l.contains("features.yaml:3:5: nodes[0]: node cp1, document v1alpha1,"
        + " field machine.features.stableHostname: stable hostname is already set in v1alpha1 config"));
  }
}
