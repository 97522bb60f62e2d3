package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb sync and plan against a Git server made with the git CLI and a simulated fleet. */
class SyncIT {
  static final String KEY = Path.of("clusters/demo/age-key.demo-only.txt").toAbsolutePath().toString();

  @Test
  void syncConvergesRefusesRewritesAndBadCommitsAndPlanShowsWhatWouldChange(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    repo.commitAndPush("the example fleet");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofMillis(800), Duration.ofMillis(50))), clock)) {
      String port = String.valueOf(fleet.port());
      String state = dir.resolve("state").toString();
      String[] sync = {"sync", "--repo", repo.url(), "--state", state, "--talos-port", port, "--age-key-file", KEY};

      CliRun first = CliRun.of(sync);
      assertThat(first.code()).as(first.out()).isZero();
      assertThat(first.out()).contains("demo: converged").doesNotContain("BEGIN", "AGE-SECRET-KEY");
      // this fleet has no Kubernetes API: the example's apps are said to be pending, not passed over
      assertThat(first.out()).contains("converged (manifests: 2 objects not applied yet (Kubernetes API not reachable");
      int applies = fleet.record().events(SimRecord.Type.APPLY).size();
      assertThat(applies).isEqualTo(6);

      CliRun plan = CliRun.of("plan", repo.work.toString(), "--talos-port", port, "--age-key-file", KEY);
      assertThat(plan.code()).isZero();
      assertThat(plan.out()).contains("in sync: nothing to do");
      repo.write("clusters/demo/patches/all.yaml", repo.read("clusters/demo/patches/all.yaml")
          .replace("vm.max_map_count: \"262144\"", "vm.max_map_count: \"524288\""));
      CliRun uncommitted = CliRun.of("plan", repo.work.toString(), "--talos-port", port, "--age-key-file", KEY);
      assertThat(uncommitted.out()).as("plan renders the commit, as sync does").contains("in sync: nothing to do",
          "uncommitted changes in", "are not part of this plan");
      repo.commit("a sysctl, not pushed");
      CliRun changed = CliRun.of("plan", repo.work.toString(), "--talos-port", port, "--age-key-file", KEY, "--diff");
      assertThat(changed.out()).contains("wave 1: control plane cp-1", "cp-1: apply config (no reboot)",
          "wave 4: workers worker-1, worker-2", "-    vm.max_map_count: \"262144\"", "+    vm.max_map_count: \"524288\"")
          .doesNotContain("BEGIN");
      assertThat(fleet.record().events(SimRecord.Type.APPLY)).as("plan changes nothing").hasSize(applies);
      repo.undoCommit();

      repo.amendAndForcePush("the example fleet, rewritten");
      CliRun refused = CliRun.of(sync);
      assertThat(refused.code()).isEqualTo(3);
      assertThat(refused.out()).contains("HistoryRewritten", "does not descend from the last applied", "nothing applied");
      assertThat(fleet.record().events(SimRecord.Type.APPLY)).hasSize(applies);

      String[] allow = {"sync", "--repo", repo.url(), "--state", state, "--talos-port", port, "--age-key-file", KEY,
          "--allow-history-rewrite"};
      CliRun accepted = CliRun.of(allow);
      assertThat(accepted.code()).as(accepted.out()).isZero();
      assertThat(fleet.record().events(SimRecord.Type.APPLY)).as("sysctls apply without reboot").hasSize(applies + 6);

      repo.write("clusters/demo/talconfig.yaml", repo.read("clusters/demo/talconfig.yaml")
          .replace("clusterName: demo", "clusterName: demo\nnodeLabel: {oops: true}"));
      repo.commitAndPush("a bad commit");
      CliRun bad = CliRun.of(sync);
      assertThat(bad.code()).isEqualTo(2);
      assertThat(bad.out()).contains("clusters/demo/talconfig.yaml:", "nodeLabel: unknown field", "nothing applied");
      assertThat(fleet.record().events(SimRecord.Type.APPLY)).hasSize(applies + 6);

      CliRun status = CliRun.of("status", "--state", state);
      assertThat(status.out()).contains("applied revision: ", "desired revision: ", "phase: stalled",
          "last error: ", "RenderFailed", "cluster demo: converged", "cp-1", "gate-passed")
          .doesNotContain("BEGIN", "AGE-SECRET-KEY");
    }
  }
}
