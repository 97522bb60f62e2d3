package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.plumb.daemon.Journal;
import dev.plumb.observe.Observer;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Drift;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.sim.SimHarness;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A full reconcile of the example cluster (provisioning, then a rolling change) with every logger
 * at DEBUG captured: no value of the cluster's secrets bundle appears in a log line, a journal
 * event, a masked diff, or a progress message.
 */
class SecretLeakIT {
  @Test
  void noSecretReachesLogsJournalDiffsOrProgress(@TempDir Path dir) throws Exception {
    Map<String, Object> bundle = new SopsDecryptor(AgeKeys.fromFile(Path.of("clusters/demo/age-key.demo-only.txt")))
        .decrypt("talsecret.sops.yaml", Files.readAllBytes(Path.of("clusters/demo/talsecret.sops.yaml"))).first().reveal();
    List<String> secrets = new ArrayList<>();
    collect(bundle, secrets);
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(9);

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    List<String> progress = new ArrayList<>();
    List<String> diffs = new ArrayList<>();
    try (SimHarness sim = SimHarness.maintenance(6, 3); Journal journal = new Journal(dir)) {
      for (Map<String, String> change : List.of(Map.<String, String>of(), DemoDesired.rebootChange())) {
        ClusterDesired desired = DemoDesired.render(change);
        var secure = sim.track(new GrpcTalosClient(TalosChannels.forContext(TalosConfig.parse(Path.of("tc"),
            AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal()).context(Optional.empty())), SimHarness.timeouts()));
        var insecure = sim.insecureClient();
        var pool = Executors.newFixedThreadPool(6);
        Observer observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now());
        for (NodeConfig n : desired.nodes()) {
          var live = observer.observe(desired).node(n.hostname()).orElseThrow();
          diffs.add(Drift.diff(n.hostname(), live.config().reveal(), n.config().reveal()));
        }
        RolloutListener record = new RolloutListener() {
          @Override
          public void acted(dev.plumb.plan.Action a, String result) {
            progress.add(a + ": " + result);
          }

          @Override
          public void finished(RolloutOutcome o) {
            progress.add(o.toString());
          }
        };
        RolloutRunner runner = new RolloutRunner(observer, new Planner(new RebootPredictor()),
            new Actuator(secure, insecure, observer), new dev.plumb.daemon.StatusRecorder(journal, dir, dev.plumb.daemon.Retention.DEFAULT)
                .listener("demo", desired.nodes().stream().map(NodeConfig::hostname).toList(), "0".repeat(40), record),
            () -> sim.clock.now(), d -> sim.clock.advance(d), Duration.ofMillis(250));
        assertThat(runner.converge(desired, Duration.ofMinutes(5), () -> false).kind())
            .isEqualTo(RolloutOutcome.Kind.CONVERGED);
        pool.shutdownNow();
      }
      List<String> journalText = journal.tail(10_000).stream().map(Object::toString).toList();
      assertThat(journalText).isNotEmpty();
      String statusJson = Files.readString(dir.resolve("status.json"));
      assertThat(statusJson).contains("gate-passed");
      List<String> logText = captured.list.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
      assertThat(diffs.stream().filter(d -> !d.isEmpty())).isNotEmpty();
      for (String s : secrets) {
        assertThat(logText).noneMatch(l -> l.contains(s));
        assertThat(journalText).noneMatch(l -> l.contains(s));
        assertThat(statusJson).doesNotContain(s);
        assertThat(diffs).noneMatch(l -> l.contains(s));
        assertThat(progress).noneMatch(l -> l.contains(s));
      }
    } finally {
      root.detachAppender(captured);
      root.setLevel(before);
    }
  }

  /** Every secret value of the bundle: all but the certificates, which are public. */
  private static void collect(Object v, List<String> out) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> {
        if (!"crt".equals(k)) {
          collect(x, out);
        }
      });
    } else if (v != null && String.valueOf(v).length() >= 8) {
      out.add(String.valueOf(v));
    }
  }
}
