package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.plan.DemoDesired;
import dev.plumb.render.ClusterDesired;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.sim.SystemSimClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as systemd runs it with {@code LoadCredential=age-key:...}: the key is a file in
 * {@code $CREDENTIALS_DIRECTORY}, the process environment holds no key and no key variable, the
 * config names no key file, and the daemon still decrypts the talsecret and converges. Without
 * the credential it stalls with a message that lists the sources it tried, and no key material
 * reaches its output either way.
 */
class DaemonCredentialIT {
  static final Path KEY = Path.of("clusters/demo/age-key.demo-only.txt").toAbsolutePath();

  private static Process daemon(Path config, Path log, Path home, Path credentials) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.plumb.Main",
        "daemon", "--config", config.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.clear(); // as a unit: PATH, HOME and what systemd adds, nothing inherited from the test
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", home.toString());
    if (credentials != null) {
      env.put("CREDENTIALS_DIRECTORY", credentials.toString());
    }
    Map<String, String> seen = new HashMap<>(env);
    assertThat(seen.keySet()).noneMatch(k -> k.startsWith("SOPS_"));
    assertThat(seen.values()).noneMatch(v -> v.contains("AGE-SECRET-KEY"));
    return pb.start();
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theDaemonDecryptsWithTheSystemdCredentialAndNoKeyInItsEnvironment(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(Files.createDirectories(dir.resolve("fleet"))).seedExample();
    repo.commitAndPush("the example fleet");
    Path home = Files.createDirectories(dir.resolve("home"));
    Path creds = Files.createDirectories(dir.resolve("credentials"));
    Files.copy(KEY, creds.resolve("age-key"));
    Path log = dir.resolve("daemon.log");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofSeconds(1), Duration.ofMillis(50))), clock)) {
      Path config = dir.resolve("plumb.yaml");
      Files.writeString(config, "repository:\n  url: " + repo.url() + "\npollInterval: 1s\ntalosPort: " + fleet.port()
          + "\nstateDir: " + dir.resolve("state") + "\n");
      Process without = daemon(config, log, home, null);
      try {
        Await.until(() -> read(log).contains("RenderFailed"), Duration.ofSeconds(60), "the render to fail without a key");
      } finally {
        stop(without);
      }
      assertThat(read(log)).contains("systemd credential age-key ($CREDENTIALS_DIRECTORY is not set): not provided")
          .contains("SOPS_AGE_KEY: not set");
      ClusterDesired desired = DemoDesired.render(Map.of());
      Process p = daemon(config, log, home, creds);
      try {
        Await.until(() -> fleet.nodes().stream().allMatch(n -> !n.maintenance() && n.ready() && sha(n, desired)),
            Duration.ofSeconds(120), "convergence with the key from the credential");
      } finally {
        stop(p);
      }
      String out = read(log);
      assertThat(out).doesNotContain("AGE-SECRET-KEY", Files.readString(KEY).lines()
          .filter(l -> l.startsWith("AGE-")).findFirst().orElseThrow().substring(15));
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean sha(SimulatedNode n, ClusterDesired d) {
    String want = d.nodes().stream().filter(x -> x.addresses().get(0).equals(n.address())).findFirst().orElseThrow().sha256();
    return n.activeConfig().map(c -> dev.plumb.render.CanonicalYaml.canonicalSha(c.raw()).equals(want)).orElse(false);
  }
}
