package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon that polls once an hour hears a signed push webhook and rolls the new commit out at
 * once; a forged one changes nothing.
 */
class WebhookDaemonIT {
  static final String KEY = Path.of("clusters/demo/age-key.demo-only.txt").toAbsolutePath().toString();

  private static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("hook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void aSignedPushWebhookRollsTheCommitOutWithoutWaitingForThePoll(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    // the sysctl change below needs no reboot: each wave settles for rollout.settle (15s by default)
    repo.write("clusters/demo/plumb.yaml", repo.read("clusters/demo/plumb.yaml") + "  settle: 2s\n");
    repo.commitAndPush("the example fleet");
    Path log = dir.resolve("daemon.log");
    Files.writeString(dir.resolve("hook-secret"), "hook-secret\n");
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofSeconds(1), Duration.ofMillis(50))), clock)) {
      Path config = dir.resolve("plumb.yaml");
      Files.writeString(config, "repository:\n  url: " + repo.url() + "\npollInterval: 1h\ntalosPort: " + fleet.port()
          + "\nageKeyFiles: [" + KEY + "]\nstateDir: " + dir.resolve("state") + "\nserver:\n  listen: 127.0.0.1:0\n"
          + "webhooks:\n  generic:\n    secretFile: " + dir.resolve("hook-secret") + "\n");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.plumb.Main", "daemon",
          "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        Await.until(() -> fleet.nodes().stream().allMatch(n -> !n.maintenance() && n.ready())
            && Files.exists(dir.resolve("state/last-applied-revision")), Duration.ofSeconds(120), "the first convergence");
        Matcher m = Pattern.compile("\\(port (\\d+)\\)").matcher(Files.readString(log));
        assertThat(m.find()).as(Files.readString(log)).isTrue();
        String hook = "http://127.0.0.1:" + m.group(1) + "/webhook";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1)
            + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);

        repo.write("clusters/demo/patches/all.yaml", repo.read("clusters/demo/patches/all.yaml")
            .replace("vm.max_map_count: \"262144\"", "vm.max_map_count: \"524288\""));
        repo.commitAndPush("a sysctl change");
        String head = repo.head();
        Instant pushedAt = clock.now();
        byte[] body = ("{\"ref\":\"refs/heads/main\",\"before\":\"" + "1".repeat(40) + "\",\"after\":\"" + head
            + "\",\"repository\":{\"url\":\"" + repo.url() + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(hook)).header("X-Plumb-Event", "push")
            .header("X-Plumb-Signature", sign("x".getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        Thread.sleep(2000);
        assertThat(fleet.record().events(SimRecord.Type.APPLY)).as("a forged webhook triggers nothing")
            .noneMatch(e -> e.at().isAfter(pushedAt));

        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(hook)).header("X-Plumb-Event", "push")
            .header("X-Plumb-Delivery", "d-1").header("X-Plumb-Signature", sign(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
        Await.until(() -> fleet.record().events(SimRecord.Type.APPLY).stream().filter(e -> e.at().isAfter(pushedAt)).count() == 6,
            Duration.ofSeconds(60), "the six applies of the pushed commit");
        Await.until(() -> Files.exists(dir.resolve("state/last-applied-revision")) && read(dir).equals(head),
            Duration.ofSeconds(60), "the pushed commit to be recorded as applied");
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
      }
      assertThat(Files.readString(log)).doesNotContain("hook-secret", "AGE-SECRET-KEY");
    }
  }

  private static String read(Path dir) {
    try {
      return Files.readString(dir.resolve("state/last-applied-revision")).strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
