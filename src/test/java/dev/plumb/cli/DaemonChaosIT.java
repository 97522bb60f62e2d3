package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.sim.SystemSimClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 12-node rollout (3 control planes, 9 workers, a reboot for every node) interrupted at a random
 * point, by kill -9 or by SIGTERM, then the daemon started again; repeated
 * {@code -Dplumb.chaos.runs} times (default 1 to keep mvn verify short; the figure is 30) with a seed from
 * {@code -Dplumb.chaos.seed}. Every run converges; never more nodes down at once than the budget
 * (2), never two control planes down; no node ever gets a config that no commit holds; a
 * SIGTERM stops the daemon between steps.
 */
class DaemonChaosIT {
  @Test
  void randomKillsDuringA12NodeRolloutNeverBreakTheBudgetAndAlwaysConverge(@TempDir Path dir) throws Exception {
    int runs = Integer.getInteger("plumb.chaos.runs", 1);
    long seed = Long.getLong("plumb.chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    StringBuilder more = new StringBuilder();
    for (int i = 4; i <= 9; i++) {
      more.append("  - <<: *worker\n    hostname: worker-").append(i).append("\n    ipAddress: 127.77.0.")
          .append(i + 3).append('\n');
    }
    repo.write("clusters/demo/talconfig.yaml", repo.read("clusters/demo/talconfig.yaml") + more);
    repo.write("clusters/demo/plumb.yaml", repo.read("clusters/demo/plumb.yaml")
        .replaceAll("(?m)^  (maxUnavailable|gateTimeout): .*\n", "")
        .replaceFirst("(?m)^rollout:\n", "rollout:\n  maxUnavailable: 2\n  gateTimeout: 2m\n"));
    repo.commitAndPush("a 12-node fleet");
    Map<String, Set<String>> allowed = new HashMap<>();
    record(repo, allowed);
    Path log = dir.resolve("daemon.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path state = dir.resolve("state");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(12, 3)
            .timing(new SimTiming(Duration.ofMillis(400), Duration.ofMillis(30))), clock)) {
      Path config = dir.resolve("plumb.yaml");
      Files.writeString(config, "repository:\n  url: " + repo.url() + "\npollInterval: 1s\ntalosPort: " + fleet.port()
          + "\nageKeyFiles: [" + DaemonCrashIT.KEY + "]\nstateDir: " + state + "\n");
      Process p = DaemonCrashIT.daemon(config, log, tmp);
      try {
        awaitConverged(state, repo.head());
        Instant changesFrom = clock.now();
        for (int run = 1; run <= runs; run++) {
          repo.write("clusters/demo/patches/all.yaml", repo.read("clusters/demo/patches/all.yaml").replaceFirst(
              "machine:\n(  files:\n(.*\n){4})?", "machine:\n  files:\n    - path: /var/etc/chaos\n      content: run-"
                  + run + "\n      permissions: 420\n      op: create\n"));
          repo.commitAndPush("chaos run " + run);
          record(repo, allowed);
          long delay = 300 + random.nextInt(12_000);
          boolean term = random.nextBoolean();
          Thread.sleep(delay);
          if (run == 1) {
            CliRun sync = null;
            for (int i = 0; i < 3 && (sync == null || sync.code() == 4); i++) { // 4: the daemon was fetching too
              sync = CliRun.of("sync", "--repo", repo.url(), "--state", state.toString(), "--talos-port",
                  String.valueOf(fleet.port()), "--age-key-file", DaemonCrashIT.KEY, "--timeout", "5s");
            }
            if (sync.code() != 0) { // 0 when the daemon happened to finish first
              assertThat(sync.code()).as(sync.out()).isEqualTo(5);
              assertThat(sync.out()).contains("is being rolled out by another plumb", "plumb daemon", "pid ");
            }
          }
          if (term) {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("SIGTERM stops the daemon between steps").isTrue();
          } else {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
          System.out.printf("chaos run %d: %s after %d ms (seed %d)%n", run, term ? "SIGTERM" : "SIGKILL", delay, seed);
          p = DaemonCrashIT.daemon(config, log, tmp);
          awaitConverged(state, repo.head());
        }
        ClusterDesired last = render(repo);
        for (SimulatedNode n : fleet.nodes()) {
          assertThat(n.ready() && n.activeConfig().map(c -> dev.plumb.render.CanonicalYaml.canonicalSha(c.raw())
              .equals(sha(last, n))).orElse(false)).as("%s runs the last commit (seed %d)", n.name(), seed).isTrue();
        }
        Set<String> down = new HashSet<>();
        int maxDown = 0;
        for (SimRecord.Event e : fleet.record().events()) {
          if (e.at().isBefore(changesFrom)) {
            continue;
          }
          if (e.type() == SimRecord.Type.DOWN) {
            down.add(e.node());
            maxDown = Math.max(maxDown, down.size());
            assertThat(down.stream().filter(x -> x.startsWith("cp")).count()).as("control planes down (seed %d)", seed)
                .isLessThanOrEqualTo(1);
          } else if (e.type() == SimRecord.Type.UP) {
            down.remove(e.node());
          }
        }
        assertThat(maxDown).as("nodes down at once (seed %d)", seed).isLessThanOrEqualTo(2);
        for (SimulatedNode n : fleet.nodes()) {
          for (byte[] cfg : n.ledger().appliedConfigs()) {
            assertThat(dev.plumb.render.CanonicalYaml.canonicalSha(cfg)).as("%s got a config no commit holds", n.name())
                .isIn(allowed.get(n.address()));
          }
        }
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      String out = Files.readString(log);
      assertThat(out).doesNotContain("BEGIN", "AGE-SECRET-KEY");
    }
  }

  private static void awaitConverged(Path state, String rev) {
    CliRun waited = CliRun.of("status", "--state", state.toString(), "--wait", "converged", "--revision",
        rev.substring(0, 10), "--timeout", "180s");
    assertThat(waited.code()).as(waited.out() + waited.err()).isZero();
  }

  private static ClusterDesired render(TestFleetRepo repo) {
    return new ClusterRenderer(new DirectoryTree(repo.work), new SopsDecryptor(AgeKeys.fromFile(Path.of(DaemonCrashIT.KEY))))
        .render("clusters/demo/talconfig.yaml", ClusterRenderer.Options.defaults());
  }

  /** Adds the config each node gets at the commit just made. */
  private static void record(TestFleetRepo repo, Map<String, Set<String>> allowed) {
    for (NodeConfig n : render(repo).nodes()) {
      allowed.computeIfAbsent(n.addresses().get(0), k -> new HashSet<>()).add(n.sha256());
    }
  }

  private static String sha(ClusterDesired d, SimulatedNode n) {
    return d.nodes().stream().filter(x -> x.addresses().get(0).equals(n.address())).findFirst().orElseThrow().sha256();
  }
}
