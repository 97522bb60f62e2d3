package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.sim.SystemSimClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that rotates the cluster's OS CA: the nodes accept only the old CA until they run the
 * new config, so plumb reaches them with the credentials of the last applied revision (re-rendered
 * from the Git cache by the next process), applies, and then talks to them with the new CA.
 */
class CaRotationIT {
  @Test
  void aRotatedOsCaDoesNotLockPlumbOut(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    String a = CliRun.of("gensecret").out();
    Files.delete(repo.work.resolve("clusters/demo/talsecret.sops.yaml"));
    repo.write("clusters/demo/talsecret.yaml", a);
    repo.commitAndPush("a plain bundle");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofMillis(500), Duration.ofMillis(40))), clock)) {
      String[] sync = {"sync", "--repo", repo.url(), "--state", dir.resolve("state").toString(), "--talos-port",
          String.valueOf(fleet.port()), "--timeout", "20s"};
      CliRun first = CliRun.of(sync);
      assertThat(first.code()).as(first.out()).isZero();

      String b = CliRun.of("gensecret").out();
      repo.write("clusters/demo/talsecret.yaml", withOsCa(a, b));
      repo.commitAndPush("rotate the OS CA");
      String newCa = osCaCrt(b);
      CliRun rotated = CliRun.of(sync);
      assertThat(rotated.code()).as(rotated.out()).isZero();
      assertThat(rotated.out()).contains("the OS CA changed in Git").doesNotContain("BEGIN");
      for (SimulatedNode n : fleet.nodes()) {
        String cfg = new String(n.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8);
        assertThat(cfg).as(n.name()).contains(newCa);
      }
      CliRun again = CliRun.of(sync);
      assertThat(again.code()).as("the new CA alone reaches every node: " + again.out()).isZero();
    }
  }

  /** {@code bundle} with the certs.os entry of {@code other}. */
  private static String withOsCa(String bundle, String other) {
    return bundle.replace(osCaBlock(bundle), osCaBlock(other));
  }

  private static String osCaBlock(String bundle) {
    int at = bundle.indexOf("\n  os:\n");
    int end = bundle.indexOf("\n", bundle.indexOf("    key:", at) + 1);
    return bundle.substring(at, end + 1);
  }

  private static String osCaCrt(String bundle) {
    String block = osCaBlock(bundle);
    int at = block.indexOf("crt: ") + 5;
    return block.substring(at, block.indexOf('\n', at)).strip();
  }
}
