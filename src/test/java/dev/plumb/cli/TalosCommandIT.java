package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.Main;
import dev.plumb.sim.SimHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumb talos ...} against a simulated fleet, with the talosconfig the simulator wrote. */
class TalosCommandIT {
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void versionGetConfigApplyAndRebootWorkWithTheSimulatorsTalosconfig(@TempDir Path dir) throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(3, 1)) {
      sim.fleet.writeFiles(dir);
      assertThat(Files.readString(dir.resolve("nodes.json")))
          .contains("\"name\": \"cp-1\"", "\"role\": \"controlplane\"", "\"maintenance\": false");
      String tc = dir.resolve("talosconfig").toString();
      String w2 = sim.fleet.node("worker-2").address();

      Run v = run("talos", "version", "--talosconfig", tc, "--nodes", w2);
      assertThat(v.code()).isZero();
      assertThat(v.out()).contains("NODE: " + w2, "Tag:      v1.13.9", "configured");

      Run cfg = run("talos", "get-config", "--talosconfig", tc, "--nodes", w2);
      assertThat(cfg.code()).isZero();
      assertThat(cfg.out()).contains("hostname: worker-2");
      Path file = dir.resolve("w2.yaml");
      Files.writeString(file, cfg.out().replace("  certSANs: []", "  certSANs: []\n  sysctls: {a.b: '1'}"));

      Run dry = run("talos", "apply", "--talosconfig", tc, "--nodes", w2, "-f", file.toString(), "--dry-run");
      assertThat(dry.code()).isZero();
      assertThat(dry.out()).contains("mode NO_REBOOT", "+    a.b: '1'");

      Run reboot = run("talos", "reboot", "--talosconfig", tc, "--nodes", w2);
      assertThat(reboot.out()).contains("reboot requested");
      sim.clock.runDue();
      Run down = run("talos", "version", "--talosconfig", tc, "--nodes", w2);
      assertThat(down.code()).isEqualTo(1);
      assertThat(down.err()).contains("error: machine.MachineService/Version on " + w2, "unreachable", "connection refused");
    }
  }

  @Test
  void clearErrorsForAMissingTalosconfigAndContext(@TempDir Path dir) throws Exception {
    Run missing = run("talos", "version", "--talosconfig", dir.resolve("none").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("error: talosconfig").contains("does not exist");
    Path tc = dir.resolve("tc");
    Files.writeString(tc, "context: a\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n");
    Run ctx = run("talos", "version", "--talosconfig", tc.toString(), "--context", "b");
    assertThat(ctx.err()).contains("has no context 'b' (known: [a])");
    Run noId = run("talos", "version", "--talosconfig", tc.toString());
    assertThat(noId.err()).contains("context 'a' has no 'ca'");
  }
}
