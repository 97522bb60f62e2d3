package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.plan.DemoDesired;
import dev.plumb.render.ClusterDesired;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.sim.SystemSimClock;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a separate process, killed with SIGKILL in the middle of a rollout and started
 * again: it converges, never has more nodes down at once than the policy allows, and every node
 * ends on the config of the newest commit.
 */
class DaemonCrashIT {
  static final String KEY = Path.of("clusters/demo/age-key.demo-only.txt").toAbsolutePath().toString();

  static Process daemon(Path config, Path log, Path tmp) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        "dev.plumb.Main", "daemon",
        "--config", config.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  @Test
  void aDaemonKilledMidRolloutConvergesAfterRestartWithinThePolicy(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    repo.commitAndPush("the example fleet");
    Path log = dir.resolve("daemon.log");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofSeconds(1), Duration.ofMillis(50))), clock)) {
      Path config = dir.resolve("plumb.yaml");
      Files.writeString(config, "repository:\n  url: " + repo.url() + "\npollInterval: 1s\ntalosPort: " + fleet.port()
          + "\nageKeyFiles: [" + KEY + "]\nstateDir: " + dir.resolve("state") + "\n");
      ClusterDesired v1 = DemoDesired.render(java.util.Map.of());
      Process p = daemon(config, log, tmp);
      try {
        Await.until(() -> fleet.nodes().stream().allMatch(n -> !n.maintenance() && n.ready())
            && sha(fleet.node("worker-3"), v1), Duration.ofSeconds(90), "the first convergence");
        Instant changeAt = clock.now();
        repo.write("clusters/demo/patches/all.yaml", repo.read("clusters/demo/patches/all.yaml").replace("machine:\n",
            "machine:\n  files:\n    - path: /var/etc/x\n      content: x\n      permissions: 420\n      op: create\n"));
        repo.commitAndPush("a change that needs reboots");
        String v2rev = repo.head();
        ClusterDesired v2 = DemoDesired.render(DemoDesired.rebootChange());
        Await.until(() -> fleet.record().events(SimRecord.Type.APPLY).stream()
            .anyMatch(e -> e.at().isAfter(changeAt) && e.node().equals("cp-2")), Duration.ofSeconds(60), "cp-2's apply");
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        p = daemon(config, log, tmp);
        CliRun waited = CliRun.of("status", "--state", dir.resolve("state").toString(), "--wait", "converged",
            "--revision", v2rev.substring(0, 10), "--timeout", "150s", "--output", "json");
        assertThat(waited.code()).as(waited.out() + waited.err()).isZero();
        assertThat(fleet.nodes()).allSatisfy(n -> assertThat(n.ready() && sha(n, v2)).as(n.name()).isTrue());
        // status tells the truth per node: every node runs v2, established by a gate or an observation
        com.fasterxml.jackson.databind.JsonNode st = new com.fasterxml.jackson.databind.ObjectMapper().readTree(waited.out());
        assertThat(st.get("phase").asText()).isEqualTo("converged");
        assertThat(st.get("appliedRevision").asText()).isEqualTo(v2rev);
        assertThat(st.get("clusters").get(0).get("nodes")).hasSize(6).allSatisfy(n -> {
          assertThat(n.get("revision").asText()).as(n.toString()).isEqualTo(v2rev);
          assertThat(n.get("state").asText()).as(n.toString()).isIn("gate-passed", "observed");
        });
        Set<String> down = new HashSet<>();
        int maxDown = 0;
        for (SimRecord.Event e : fleet.record().events()) {
          if (e.at().isBefore(changeAt)) {
            continue;
          }
          if (e.type() == SimRecord.Type.DOWN) {
            down.add(e.node());
            maxDown = Math.max(maxDown, down.size());
            assertThat(down.stream().filter(n -> n.startsWith("cp")).count()).as("control planes down").isLessThanOrEqualTo(1);
          } else if (e.type() == SimRecord.Type.UP) {
            down.remove(e.node());
          }
        }
        assertThat(maxDown).isLessThanOrEqualTo(2);
        List<SimRecord.Event> applies = fleet.record().events(SimRecord.Type.APPLY).stream()
            .filter(e -> e.at().isAfter(changeAt)).toList();
        assertThat(applies).extracting(SimRecord.Event::node).containsOnlyOnce("cp-1", "worker-3");
        for (SimulatedNode n : fleet.nodes()) {
          for (byte[] cfg : n.ledger().appliedConfigs()) {
            String got = dev.plumb.render.CanonicalYaml.canonicalSha(cfg);
            assertThat(got).as("%s applied a config that no commit holds", n.name())
                .isIn(shaOf(v1, n), shaOf(v2, n));
          }
        }
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      try (var left = Files.list(tmp)) {
        assertThat(left.map(f -> f.getFileName().toString())).as("files left in java.io.tmpdir after kill -9")
            .noneMatch(f -> f.contains("sqlite"));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(out).doesNotContain("BEGIN", "AGE-SECRET-KEY");
      // the intent written before the call tells the restarted daemon what was in flight
      assertThat(out).contains("in flight when plumb stopped: demo/cp-2: apply config", "continuing from live state");
    }
  }

  private static String shaOf(ClusterDesired d, SimulatedNode n) {
    return d.nodes().stream().filter(x -> x.addresses().get(0).equals(n.address())).findFirst().orElseThrow().sha256();
  }

  private static boolean sha(SimulatedNode n, ClusterDesired d) {
    String want = d.nodes().stream().filter(x -> x.addresses().get(0).equals(n.address())).findFirst().orElseThrow().sha256();
    return n.activeConfig().map(c -> dev.plumb.render.CanonicalYaml.canonicalSha(c.raw()).equals(want)).orElse(false);
  }
}
