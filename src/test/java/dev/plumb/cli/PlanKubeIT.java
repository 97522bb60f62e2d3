package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb plan observes the cluster's Kubernetes API: over a kubeconfig from Talos, or the one given. */
class PlanKubeIT {
  @Test
  void planReadsKubernetesWithTheKubeconfigFromTalosOrTheOneGiven(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    repo.commitAndPush("the example fleet");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofMillis(800), Duration.ofMillis(50))), clock)) {
      String port = String.valueOf(fleet.port());
      CliRun sync = CliRun.of("sync", "--repo", repo.url(), "--state", dir.resolve("state").toString(),
          "--talos-port", port, "--age-key-file", SyncIT.KEY);
      assertThat(sync.code()).as(sync.out()).isZero();
      var kube = fleet.attachKube("v1.34.1");
      fleet.kubeRound();

      CliRun plan = CliRun.of("plan", repo.work.toString(), "--talos-port", port, "--age-key-file", SyncIT.KEY);
      assertThat(plan.code()).as(plan.out() + plan.err()).isZero();
      assertThat(plan.out()).containsPattern("kubernetes: (v\\S+|version unknown), 6 of 6 Nodes Ready");

      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      Path kc = Files.writeString(dir.resolve("kubeconfig"), new String(kube.kubeconfig())
          .replace(kube.url(), "http://127.0.0.1:" + closed));
      CliRun given = CliRun.of("plan", repo.work.toString(), "--talos-port", port, "--age-key-file", SyncIT.KEY,
          "--kubeconfig", kc.toString());
      assertThat(given.code()).isZero();
      assertThat(given.out()).contains("kubernetes: not observed: the Kubernetes API did not answer: list Node in v1");
    }
  }
}
