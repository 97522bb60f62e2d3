package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.ReconcileLoop;
import dev.plumb.daemon.Reconciler;
import dev.plumb.daemon.Retention;
import dev.plumb.daemon.StatusRecorder;
import dev.plumb.daemon.TriggerQueue;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.server.PlumbServer;
import dev.plumb.server.ServerConfig;
import dev.plumb.server.webhook.DeliveryIds;
import dev.plumb.server.webhook.Provider;
import dev.plumb.server.webhook.WebhookReceiver;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import dev.plumb.source.JGitSource;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plumb bench webhook}: on loopback, the time from a signed GitHub push webhook arriving at
 * the daemon's HTTP server to the first ApplyConfiguration reaching a simulated node, for a
 * repository of N nodes where each push changes one node's patch. The daemon is the real one
 * (webhook receiver, trigger queue, reconcile loop polling once an hour, Git fetch, render,
 * observe, plan, rollout) in this JVM; the simulator serves the Talos API beside it.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
    description = "Push-webhook-to-apply latency against the simulator; prints p50 and p99 in ms.")
public final class BenchWebhookCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "100", description = "Nodes in the repository (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--pushes", defaultValue = "50", description = "Timed pushes (default: ${DEFAULT-VALUE}).")
  int pushes;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed pushes first (default: ${DEFAULT-VALUE}).")
  int warmup;

  private static final byte[] SECRET = "bench-webhook-secret".getBytes(StandardCharsets.UTF_8);

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("plumb-bench-webhook");
    AtomicBoolean stop = new AtomicBoolean();
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(nodes, 0)
            .timing(new SimTiming(Duration.ofMillis(200), Duration.ofMillis(5))), clock);
        BenchFleetRepo repo = BenchFleetRepo.create(dir.resolve("fleet"), fleet, nodes);
        Journal journal = new Journal(dir.resolve("state"));
        JGitSource source = new JGitSource(repo.url(), "main", dir.resolve("state/git"), Duration.ofSeconds(60), null)) {
      StatusRecorder status = new StatusRecorder(journal, dir.resolve("state"), Retention.DEFAULT);
      AppliedRevision applied = new AppliedRevision(dir.resolve("state"));
      PlumbMetrics metrics = new PlumbMetrics();
      Reconciler r = new Reconciler(source, applied, status, new SopsDecryptor(new AgeKeys(List.of())),
          new ClusterRenderer.Options(Map.of(), Map.of(), List.of(), Optional.empty()), fleet.port(), false,
          Duration.ofMinutes(5), quiet, metrics);
      TriggerQueue triggers = new TriggerQueue();
      ServerConfig cfg = new ServerConfig("127.0.0.1:0", Optional.empty(), Optional.empty(), Optional.empty(), 25L << 20,
          Map.of(Provider.GITHUB, Sensitive.of(SECRET)), Optional.empty());
      WebhookReceiver hooks = new WebhookReceiver(repo.url(), "main", cfg.webhookSecrets(), new DeliveryIds(10_000),
          e -> triggers.request("github push of " + e.after()));
      Thread loop = new Thread(() -> {
        try {
          new ReconcileLoop(r, Duration.ofHours(1), quiet, triggers).run(stop::get);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-loop");
      try (PlumbServer server = new PlumbServer(cfg, status::report, r::observedAll, metrics, hooks, controls(triggers))) {
        URI hook = URI.create("http://127.0.0.1:" + server.start(cfg) + "/webhook");
        loop.start();
        String head = repo.head();
        await(() -> applied.read().map(x -> x.id().equals(head)).orElse(false), Duration.ofMinutes(10),
            "the first convergence of " + nodes + " nodes");
        HttpClient http = HttpClient.newHttpClient();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < warmup + pushes; i++) {
          String before = repo.head();
          String after = repo.changeNodePatch(i % nodes, i + 1);
          int applies = fleet.record().events(SimRecord.Type.APPLY).size();
          byte[] body = repo.githubPush(before, after);
          HttpRequest req = HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
              .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", UUID.randomUUID().toString())
              .header("X-Hub-Signature-256", "sha256=" + BenchFleetRepo.hmac(SECRET, body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
          Instant sent = clock.now();
          HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
          if (res.statusCode() != 202) {
            System.err.println("webhook answered " + res.statusCode() + ": " + res.body());
            return 1;
          }
          await(() -> fleet.record().events(SimRecord.Type.APPLY).size() > applies, Duration.ofSeconds(60),
              "an apply after push " + i);
          Instant reached = fleet.record().events(SimRecord.Type.APPLY).get(applies).at();
          if (i >= warmup) {
            millis.add(Duration.between(sent, reached).toMillis());
          }
          await(() -> applied.read().map(x -> x.id().equals(after)).orElse(false), Duration.ofSeconds(120),
              "convergence after push " + i);
        }
        millis.sort(null);
        System.out.printf("webhook_to_apply_p50_ms: %d%n", percentile(millis, 50));
        System.out.printf("webhook_to_apply_p99_ms: %d%n", percentile(millis, 99));
        System.out.printf("webhook_pushes: %d%n", millis.size());
        System.out.printf("webhook_nodes: %d%n", nodes);
      } finally {
        stop.set(true);
        loop.join(30_000);
      }
    }
    return 0;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static PlumbServer.Controls controls(TriggerQueue triggers) {
    return new PlumbServer.Controls() {
      @Override
      public void syncNow(String why) {
        triggers.request(why);
      }

      @Override
      public void suspend(String cluster, boolean on) {}

      @Override
      public boolean knows(String cluster) {
        return false;
      }
    };
  }

  private static void await(BooleanSupplier done, Duration max, String what) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("bench: gave up waiting for " + what + " after " + max.toSeconds() + "s");
      }
      Thread.sleep(1);
    }
  }
}
