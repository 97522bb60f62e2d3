package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.talos.TalosConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, render, gensecret and sops decrypt from the command line, on the example repository. */
class RenderCommandIT {
  static final String KEY = "clusters/demo/age-key.demo-only.txt";

  @Test
  void validateAndRenderTheExampleRepository(@TempDir Path dir) throws Exception {
    CliRun v = CliRun.of("validate", "--age-key-file", KEY, ".");
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("clusters/demo/talconfig.yaml: valid (cluster demo, 6 nodes)");

    CliRun summary = CliRun.of("render", "--age-key-file", KEY, "clusters/demo", "--node", "worker-3");
    assertThat(summary.code()).isZero();
    assertThat(summary.out()).contains("worker-3", "sha256:", "installer ghcr.io/siderolabs/installer:v1.13.9")
        .contains("object apps/Deployment/hello/hello").doesNotContain("worker-2 ");
    assertThat(summary.out()).doesNotContain("BEGIN", "secretbox");

    CliRun out = CliRun.of("render", "--age-key-file", KEY, "clusters/demo", "--out", dir.resolve("out").toString());
    assertThat(out.code()).isZero();
    assertThat(Files.readString(dir.resolve("out/demo-worker-3.yaml"))).contains("dedicated: batch:NoSchedule");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/demo-cp-1.yaml"))))
        .isEqualTo("rw-------");
    TalosConfig tc = TalosConfig.load(dir.resolve("out/talosconfig"));
    var ctx = tc.context(Optional.empty());
    assertThat(ctx.name()).isEqualTo("demo");
    assertThat(ctx.endpoints()).containsExactly("127.77.0.1", "127.77.0.2", "127.77.0.3");
    assertThat(ctx.nodes()).hasSize(6);
    assertThat(ctx.hasIdentity()).isTrue();
  }

  @Test
  void problemsAreOneLineEachAndExitOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("talconfig.yaml"), "clusterName: x\nnodes: []\n");
    CliRun r = CliRun.of("validate", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().lines()).anyMatch(l -> l.endsWith("talconfig.yaml:1:1: endpoint: required, must not be empty"))
        .anyMatch(l -> l.contains("talconfig.yaml:2:8: nodes: expected a non-empty list of nodes"));
  }

  @Test
  void gensecretEncryptsForARecipientAndSopsDecryptReadsItBack(@TempDir Path dir) throws Exception {
    CliRun g = CliRun.of("gensecret", "--age-recipient", "age1g6h8l0wrqmhd6v5qtg4lmdezj36sujnzvc6evjwre657tsynt3qsv855nn");
    assertThat(g.code()).isZero();
    assertThat(g.out()).contains("ENC[AES256_GCM,").contains("recipient: age1g6h8l0wrqmhd6v5qtg4lmdezj36sujnzvc6evjwre657tsynt3qsv855nn");
    Path f = dir.resolve("talsecret.sops.yaml");
    Files.writeString(f, g.out());
    CliRun d = CliRun.of("sops", "decrypt", "--age-key-file", KEY, f.toString());
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out()).contains("bootstraptoken:").contains("k8sserviceaccount:").doesNotContain("ENC[");
  }
}
