package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `git push` straight to plumb: a commit that does not render is refused with its problems shown
 * to the pusher and nothing applied; a good one is accepted and rolled out at once; a wrong token
 * is refused.
 */
class GitPushIT {
  static final String KEY = Path.of("clusters/demo/age-key.demo-only.txt").toAbsolutePath().toString();

  @Test
  void aPushThatDoesNotRenderIsRefusedAndAGoodOneIsRolledOut(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    Files.writeString(dir.resolve("git-token"), "push-token\n");
    Path log = dir.resolve("daemon.log");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofSeconds(1), Duration.ofMillis(50))), clock)) {
      Path config = dir.resolve("plumb.yaml");
      Files.writeString(config, "pollInterval: 1h\ntalosPort: " + fleet.port() + "\nageKeyFiles: [" + KEY
          + "]\nstateDir: " + dir.resolve("state") + "\nserver:\n  listen: 127.0.0.1:0\n"
          + "gitServer:\n  enabled: true\n  tokenFile: " + dir.resolve("git-token") + "\n");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.plumb.Main", "daemon",
          "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        String port = awaitPort(log);
        String good = repo.read("clusters/demo/talconfig.yaml");
        repo.write("clusters/demo/talconfig.yaml", good.replace("clusterName: demo", "clusterName: demo\nnodeLabel: {x: y}"));
        repo.commit("a commit that does not render");
        Map.Entry<Integer, String> refused = repo.pushTo("http://plumb:push-token@127.0.0.1:" + port + "/git/fleet.git");
        assertThat(refused.getKey()).as(refused.getValue()).isNotZero();
        assertThat(refused.getValue()).contains("remote: clusters/demo/talconfig.yaml:", "nodeLabel: unknown field",
            "the commit does not render");

        repo.write("clusters/demo/talconfig.yaml", good);
        repo.commit("the example fleet");
        Map.Entry<Integer, String> wrong = repo.pushTo("http://plumb:guess@127.0.0.1:" + port + "/git/fleet.git");
        assertThat(wrong.getKey()).isNotZero();
        Map.Entry<Integer, String> accepted = repo.pushTo("http://plumb:push-token@127.0.0.1:" + port + "/git/fleet.git");
        assertThat(accepted.getKey()).as(accepted.getValue()).isZero();
        assertThat(accepted.getValue()).contains("remote: plumb: 1 cluster(s) render; reconcile queued");
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!fleet.nodes().stream().allMatch(n -> !n.maintenance() && n.ready())) {
          assertThat(System.nanoTime()).as("the pushed fleet converges").isLessThan(end);
          Thread.sleep(200);
        }
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      assertThat(Files.readString(log)).doesNotContain("push-token", "AGE-SECRET-KEY");
    }
  }

  private static String awaitPort(Path log) throws Exception {
    Pattern port = Pattern.compile("\\(port (\\d+)\\)");
    for (int i = 0; i < 600; i++) {
      Matcher m = port.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the daemon never said its port: " + Files.readString(log));
  }
}
