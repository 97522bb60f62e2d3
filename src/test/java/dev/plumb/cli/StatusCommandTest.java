package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.report.StatusFiles;
import dev.plumb.report.StatusReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusCommandTest {
  static final String A = "a1b2c3d4e5".repeat(4);
  static final String B = "b".repeat(40);

  static StatusReport report(String phase, String desired, String applied) {
    return new StatusReport(StatusReport.SCHEMA, phase, desired, applied, "", null, List.of(), List.of());
  }

  record Case(String name, String waitFor, String revision, StatusReport status, StatusWait.Verdict want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> verdicts() {
    return Stream.of(
        new Case("converged at the revision", "converged", "a1b2c3", report("converged", A, A), StatusWait.Verdict.REACHED),
        new Case("converged, no revision asked", "converged", null, report("converged", B, B), StatusWait.Verdict.REACHED),
        new Case("converged at an older revision", "converged", "a1b2c3", report("converged", B, B), StatusWait.Verdict.PENDING),
        new Case("still rolling out", "converged", "a1b2c3", report("reconciling", A, B), StatusWait.Verdict.PENDING),
        new Case("halted at the revision", "converged", "A1B2C3", report("halted", A, B), StatusWait.Verdict.UNREACHABLE),
        new Case("render failed at the revision", "converged", "a1b2c3", report("stalled", A, B), StatusWait.Verdict.UNREACHABLE),
        new Case("halted at another revision", "converged", "a1b2c3", report("halted", B, B), StatusWait.Verdict.PENDING),
        new Case("waiting for a halt that came", "halted", "", report("halted", A, B), StatusWait.Verdict.REACHED),
        new Case("waiting for a halt, converged", "halted", "a1b2", report("converged", A, A), StatusWait.Verdict.UNREACHABLE),
        new Case("source failing is not final", "converged", "", report("failing", A, B), StatusWait.Verdict.PENDING));
  }

  @ParameterizedTest
  @MethodSource("verdicts")
  void waitJudgesEachStatus(Case c) {
    assertThat(StatusWait.parse(c.waitFor(), c.revision()).orElseThrow().judge(c.status())).isEqualTo(c.want());
  }

  @Test
  void waitExitsZeroOneOrTwo(@TempDir Path state) throws Exception {
    Files.write(state.resolve(StatusFiles.NAME), StatusFiles.toJson(report("converged", A, A)));
    assertThat(CliRun.of("status", "--state", state.toString(), "--wait", "converged", "--revision", A).code()).isZero();
    assertThat(CliRun.of("status", "--state", state.toString(), "--wait", "halted").code()).isEqualTo(1);
    CliRun timeout = CliRun.of("status", "--state", state.toString(), "--wait", "converged", "--revision", B,
        "--timeout", "1s");
    assertThat(timeout.code()).isEqualTo(2);
    assertThat(timeout.err()).contains("timed out after 1s waiting for converged at " + B);
    assertThat(CliRun.of("status", "--state", state.toString(), "--wait", "done").err())
        .contains("--wait: expected converged or halted, got 'done'");
  }

  @Test
  void jsonOutputHasTheStableFieldNames(@TempDir Path state) throws Exception {
    Files.write(state.resolve(StatusFiles.NAME), StatusFiles.toJson(new StatusReport(StatusReport.SCHEMA, "halted", A, B,
        "2026-11-30T12:00:00.000Z", new StatusReport.Problem("GateFailed", "demo: worker-1 not ready", "t"),
        List.of(new StatusReport.Cluster("demo", "halted", A, "", "", "t",
            List.of(new StatusReport.Node("worker-1", A, "gate-failed", "not ready", "t")))), List.of())));
    CliRun r = CliRun.of("status", "--state", state.toString(), "--output", "json");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertThat(json.fieldNames()).toIterable().containsExactly("schema", "phase", "desiredRevision", "appliedRevision",
        "updatedAt", "lastError", "clusters", "recentEvents");
    assertThat(json.get("clusters").get(0).get("nodes").get(0).fieldNames()).toIterable()
        .containsExactly("name", "revision", "state", "detail", "updatedAt");
    CliRun text = CliRun.of("status", "--state", state.toString());
    assertThat(text.out()).contains("phase: halted", "last error:", "GateFailed", "worker-1", "gate-failed");
  }

  @Test
  void statusOfAnEmptyStateDirectorySaysIdle(@TempDir Path state) {
    assertThat(CliRun.of("status", "--state", state.resolve("none").toString()).out())
        .contains("phase: idle", "applied revision: none yet");
  }

  @Test
  void rebootWithoutNodesRefusesWhenNobodyCanConfirm(@TempDir Path dir) throws Exception {
    Path tc = dir.resolve("talosconfig");
    Files.writeString(tc, "context: a\ncontexts:\n  a:\n    endpoints: [127.0.0.1]\n    nodes: [127.0.0.1]\n");
    CliRun r = CliRun.of("talos", "reboot", "--talosconfig", tc.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("name the nodes with --nodes, or pass --all");
    assertThat(r.out()).doesNotContain("reboot requested");
  }
}
