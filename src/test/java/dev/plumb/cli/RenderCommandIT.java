package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.Main;
import dev.plumb.talos.TalosConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, render, gensecret and sops decrypt from the command line, on the example repository. */
class RenderCommandIT {
  static final String KEY = "clusters/demo/age-key.demo-only.txt";

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void validateAndRenderTheExampleRepository(@TempDir Path dir) throws Exception {
    Run v = run("validate", "--age-key-file", KEY, ".");
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("clusters/demo/talconfig.yaml: valid (cluster demo, 6 nodes)");

    Run summary = run("render", "--age-key-file", KEY, "clusters/demo", "--node", "worker-3");
    assertThat(summary.code()).isZero();
    assertThat(summary.out()).contains("worker-3", "sha256:", "installer ghcr.io/siderolabs/installer:v1.13.9")
        .contains("object apps/Deployment/hello/hello").doesNotContain("worker-2 ");
    assertThat(summary.out()).doesNotContain("BEGIN", "secretbox");

    Run out = run("render", "--age-key-file", KEY, "clusters/demo", "--out", dir.resolve("out").toString());
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
    Run r = run("validate", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().lines()).anyMatch(l -> l.endsWith("talconfig.yaml:1:1: kubernetesVersion: required, must not be empty"))
        .anyMatch(l -> l.contains("talconfig.yaml:2:8: nodes: expected a non-empty list of nodes"));
  }

  @Test
  void gensecretEncryptsForARecipientAndSopsDecryptReadsItBack(@TempDir Path dir) throws Exception {
    Run g = run("gensecret", "--age-recipient", "age1g6h8l0wrqmhd6v5qtg4lmdezj36sujnzvc6evjwre657tsynt3qsv855nn");
    assertThat(g.code()).isZero();
    assertThat(g.out()).contains("ENC[AES256_GCM,").contains("recipient: age1g6h8l0wrqmhd6v5qtg4lmdezj36sujnzvc6evjwre657tsynt3qsv855nn");
    Path f = dir.resolve("talsecret.sops.yaml");
    Files.writeString(f, g.out());
    Run d = run("sops", "decrypt", "--age-key-file", KEY, f.toString());
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(d.out()).contains("bootstraptoken:").contains("k8sserviceaccount:").doesNotContain("ENC[");
  }
}
