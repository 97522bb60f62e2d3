package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.report.StatusFiles;
import dev.plumb.report.StatusReport;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.talos.MachineStage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusRecorderTest {
  static final String REV = "a".repeat(40);
  static final String REV2 = "b".repeat(40);
  static ClusterDesired demo;
  static ClusterDesired changed;

  @TempDir Path dir;
  Instant now = Instant.parse("2026-11-30T12:00:00Z");
  final InstantSource clock = () -> now;

  @BeforeAll
  static void render() {
    demo = DemoDesired.render(Map.of());
    changed = DemoDesired.render(DemoDesired.rebootChange());
  }

  static LiveState live(ClusterDesired d, Map<String, String> shaOverride) {
    return new LiveState(d.name(), Instant.EPOCH, d.nodes().stream().map(n -> new NodeLive(n.hostname(),
        n.addresses().get(0), Reach.UP, shaOverride.getOrDefault(n.hostname(), n.sha256()), "v1.13.9",
        MachineStage.RUNNING, true, List.of(), n.controlPlane(), n.controlPlane(), "",
        dev.plumb.render.sops.Sensitive.of(new byte[0]), "", NodeLive.KubeNode.READY)).toList());
  }

  static List<String> names(ClusterDesired d) {
    return d.nodes().stream().map(NodeConfig::hostname).toList();
  }

  /** One idle poll as the daemon makes it: start, observe (all in sync), converge. */
  private void idlePoll(StatusRecorder rec) {
    rec.reconcileStarted(REV);
    RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
    l.observed(demo, live(demo, Map.of()));
    l.finished(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, ""));
    rec.converged(REV);
  }

  @Test
  void anIdleDaemonAppendsNothingPerPollAndStatusStaysConverged() throws Exception {
    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      idlePoll(rec);
      long afterFirst = j.size();
      for (int i = 0; i < 10_000; i++) {
        now = now.plusSeconds(60);
        idlePoll(rec);
      }
      assertThat(j.size()).isEqualTo(afterFirst);
      StatusReport r = StatusFiles.read(dir).orElseThrow();
      assertThat(r.phase()).isEqualTo("converged");
      assertThat(r.desiredRevision()).isEqualTo(REV);
      assertThat(r.clusters()).singleElement().satisfies(c -> {
        assertThat(c.phase()).isEqualTo("converged");
        assertThat(c.nodes()).hasSize(6).allSatisfy(n -> {
          assertThat(n.revision()).isEqualTo(REV);
          assertThat(n.state()).isEqualTo("observed");
        });
      });
    }
  }

  @Test
  void aWaitThatGoesOnIsJournaledOnceAndShownInStatus() throws Exception {
    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      for (int i = 0; i < 1_000; i++) {
        rec.reconcileStarted(REV);
        RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
        l.waiting("worker-3 does not answer");
        l.finished(new RolloutOutcome(RolloutOutcome.Kind.TIMED_OUT, "", "", null, "worker-3 does not answer"));
        rec.waiting(REV, "a cluster has not settled yet");
      }
      assertThat(j.tail(100)).filteredOn(e -> e.type().equals("Waiting")).singleElement()
          .satisfies(e -> assertThat(e.message()).isEqualTo("worker-3 does not answer"));
      StatusReport r = StatusFiles.read(dir).orElseThrow();
      assertThat(r.phase()).isEqualTo("reconciling");
      assertThat(r.clusters().get(0).waitingFor()).isEqualTo("worker-3 does not answer");
    }
  }

  @Test
  void aNodeWhoseApplyWasInFlightAtACrashIsShownObservedAfterTheRestart() throws Exception {
    Action apply = new Action(Action.Kind.APPLY_CONFIG, "cp-2", true, true, "");
    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      idlePoll(rec);
      rec.reconcileStarted(REV2);
      RolloutListener l = rec.listener("demo", names(changed), REV2, new RolloutListener() {});
      l.observed(changed, live(demo, Map.of()));
      l.waveStarted(new Wave("control plane cp-2", List.of(apply)));
      l.acted(apply, "applied (reboot)");
    } // the daemon dies here: no gate, no finish
    StatusReport crashed = StatusFiles.read(dir).orElseThrow();
    assertThat(node(crashed, "cp-2").state()).isEqualTo("applying");
    assertThat(node(crashed, "cp-2").revision()).isEqualTo(REV2);
    assertThat(node(crashed, "cp-1").revision()).isEqualTo(REV);

    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      rec.reconcileStarted(REV2);
      RolloutListener l = rec.listener("demo", names(changed), REV2, new RolloutListener() {});
      String cp2 = changed.nodes().stream().filter(n -> n.hostname().equals("cp-2")).findFirst().orElseThrow().sha256();
      Map<String, String> onlyCp2 = new java.util.HashMap<>();
      demo.nodes().forEach(n -> onlyCp2.put(n.hostname(), n.sha256()));
      onlyCp2.put("cp-2", cp2);
      l.observed(changed, live(changed, onlyCp2));
      StatusReport after = StatusFiles.read(dir).orElseThrow();
      assertThat(node(after, "cp-2").state()).isEqualTo("observed");
      assertThat(node(after, "cp-2").revision()).isEqualTo(REV2);
      assertThat(node(after, "cp-1").revision()).as("cp-1 still runs the old config").isEqualTo(REV);
      assertThat(j.tail(5)).anySatisfy(e -> {
        assertThat(e.type()).isEqualTo("NodeObserved");
        assertThat(e.node()).isEqualTo("cp-2");
      });
    }
  }

  @Test
  void aHaltIsJournaledOnceAndTheNodeShowsTheFailedGate() throws Exception {
    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      for (int i = 0; i < 3; i++) {
        rec.reconcileStarted(REV);
        RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
        l.finished(new RolloutOutcome(RolloutOutcome.Kind.HALTED, "w", "worker-1", null, "not ready"));
        rec.problem("halted", REV, "GateFailed", "demo: halted");
      }
      assertThat(j.tail(100)).filteredOn(e -> e.type().equals("GateFailed")).hasSize(2); // cluster + fleet
      StatusReport r = StatusFiles.read(dir).orElseThrow();
      assertThat(r.phase()).isEqualTo("halted");
      assertThat(r.lastError().reason()).isEqualTo("GateFailed");
      assertThat(node(r, "worker-1").state()).isEqualTo("gate-failed");
    }
  }

  @Test
  void eventsArePrunedByCountAndByAge() {
    try (Journal j = new Journal(dir, clock)) {
      for (int i = 0; i < 120; i++) {
        now = now.plusSeconds(3600);
        j.append("demo", REV, "", "Test", "event " + i);
      }
      assertThat(j.prune(new Retention(Duration.ofDays(365), 100))).isEqualTo(20);
      assertThat(j.size()).isEqualTo(100);
      assertThat(j.tail(1).get(0).message()).isEqualTo("event 119");
      // event i was written at start + (i + 1) h; the newest at start + 120 h; older than 10 h goes
      assertThat(j.prune(new Retention(Duration.ofHours(10), 1000))).isEqualTo(89);
      assertThat(j.tail(100)).extracting(Journal.Event::message).first().isEqualTo("event 109");
    }
  }

  @Test
  void theManifestsStepHasItsOwnRowAndJournalLines() throws Exception {
    try (Journal j = new Journal(dir, clock)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      rec.reconcileStarted(REV);
      RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
      Action a = new Action(Action.Kind.APPLY_MANIFESTS, "", false, false, "2 to create");
      l.waveStarted(new Wave("manifests", List.of(a)));
      l.acted(a, "manifests applied server-side: 2 created");
      l.finished(new RolloutOutcome(RolloutOutcome.Kind.HALTED, "manifests", "", dev.plumb.rollout.Gate.MANIFESTS_HEALTHY,
          "Deployment.apps hello/hello failed: ProgressDeadlineExceeded"));
      StatusReport r = StatusFiles.read(dir).orElseThrow();
      assertThat(node(r, "(manifests)").state()).isEqualTo("gate-failed");
      assertThat(r.clusters().get(0).nodes()).noneMatch(n -> n.name().isEmpty());
      assertThat(j.tail(10)).filteredOn(e -> e.type().equals("ActionApplied")).singleElement()
          .satisfies(e -> assertThat(e.message()).isEqualTo("manifests: 2 to create: manifests applied server-side: 2 created"));
    }
  }

  private static StatusReport.Node node(StatusReport r, String name) {
    return r.clusters().get(0).nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }
}
