package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.SimHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumb talos ...} against a simulated fleet, with the talosconfig the simulator wrote. */
class TalosCommandIT {
  @Test
  void versionGetConfigApplyAndRebootWorkWithTheSimulatorsTalosconfig(@TempDir Path dir) throws Exception {
    try (SimHarness sim = SimHarness.preconfigured(3, 1)) {
      sim.fleet.writeFiles(dir);
      assertThat(Files.readString(dir.resolve("nodes.json")))
          .contains("\"name\": \"cp-1\"", "\"role\": \"controlplane\"", "\"maintenance\": false");
      String tc = dir.resolve("talosconfig").toString();
      String w2 = sim.fleet.node("worker-2").address();

      CliRun v = CliRun.of("talos", "version", "--talosconfig", tc, "--nodes", w2);
      assertThat(v.code()).isZero();
      assertThat(v.out()).contains("NODE: " + w2, "Tag:      v1.13.9", "configured");

      CliRun cfg = CliRun.of("talos", "get-config", "--talosconfig", tc, "--nodes", w2);
      assertThat(cfg.code()).isZero();
      assertThat(cfg.out()).contains("hostname: worker-2");
      Path file = dir.resolve("w2.yaml");
      Files.writeString(file, cfg.out().replace("  certSANs: []", "  certSANs: []\n  sysctls: {a.b: '1'}"));

      CliRun dry = CliRun.of("talos", "apply", "--talosconfig", tc, "--nodes", w2, "-f", file.toString(), "--dry-run");
      assertThat(dry.code()).isZero();
      // the node re-encodes the typed config (configdiff): go-yaml v3 double-quotes a string that reads as a number
      assertThat(dry.out()).contains("mode NO_REBOOT", "+        a.b: \"1\"");

      CliRun reboot = CliRun.of("talos", "reboot", "--talosconfig", tc, "--nodes", w2);
      assertThat(reboot.out()).contains("reboot requested");
      sim.clock.runDue();
      CliRun down = CliRun.of("talos", "version", "--talosconfig", tc, "--nodes", w2);
      assertThat(down.code()).isEqualTo(1);
      assertThat(down.err()).contains("error: machine.MachineService/Version on " + w2, "unreachable", "connection refused");
    }
  }

  @Test
  void clearErrorsForAMissingTalosconfigAndContext(@TempDir Path dir) throws Exception {
    CliRun missing = CliRun.of("talos", "version", "--talosconfig", dir.resolve("none").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("error: talosconfig").contains("does not exist");
    Path tc = dir.resolve("tc");
    Files.writeString(tc, "context: a\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n");
    CliRun ctx = CliRun.of("talos", "version", "--talosconfig", tc.toString(), "--context", "b");
    assertThat(ctx.err()).contains("has no context 'b' (known: [a])");
    CliRun noId = CliRun.of("talos", "version", "--talosconfig", tc.toString());
    assertThat(noId.err()).contains("context 'a' has no 'ca'");
  }
}
