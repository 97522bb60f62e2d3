package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must survive a restart: the bootstrap, a halt, the intent of actions in flight; and the locks. */
class DurableStateTest {
  static final String REV = "a".repeat(40);
  static final String REV2 = "b".repeat(40);

  @TempDir Path dir;

  private static List<String> names(ClusterDesired d) {
    return d.nodes().stream().map(NodeConfig::hostname).toList();
  }

  @Test
  void aBootstrapIsRecordedForGoodAndReadBackAsHistory() {
    ClusterDesired demo = DemoDesired.render(Map.of());
    Action bootstrap = new Action(Action.Kind.BOOTSTRAP, "cp-1", true, false, "");
    try (Journal j = new Journal(dir)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      assertThat(rec.state().history("demo", false).bootstrapped()).isFalse();
      RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
      l.waveStarted(new Wave("bootstrap etcd", List.of(bootstrap)));
      l.acted(bootstrap, "bootstrapped");
    }
    try (Journal j = new Journal(dir)) {
      ClusterState st = new ClusterState(j);
      assertThat(st.history("demo", false)).isEqualTo(new dev.plumb.plan.ClusterHistory(true, false));
      assertThat(st.history("demo", true).provisionRequested()).isTrue();
      assertThat(st.history("other", false).bootstrapped()).isFalse();
      assertThat(st.get("demo").bootstrappedRevision()).isEqualTo(REV);
      assertThat(j.tail(10)).anySatisfy(e -> assertThat(e.type()).isEqualTo("Bootstrapped"));
    }
  }

  @Test
  void aHaltIsKeptPerClusterAndRevisionAndEndsWithAConvergence() {
    ClusterDesired demo = DemoDesired.render(Map.of());
    try (Journal j = new Journal(dir)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      rec.listener("demo", names(demo), REV, new RolloutListener() {})
          .finished(new RolloutOutcome(RolloutOutcome.Kind.HALTED, "w", "worker-1", null, "not ready"));
    }
    try (Journal j = new Journal(dir)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      assertThat(rec.state().haltedAt("demo", REV)).get().asString().contains("worker-1", "not ready");
      assertThat(rec.state().haltedAt("demo", REV2)).as("a new commit is tried").isEmpty();
      assertThat(rec.state().haltedAt("other", REV)).as("other clusters go on").isEmpty();
      rec.listener("demo", names(demo), REV2, new RolloutListener() {})
          .finished(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, ""));
      assertThat(rec.state().haltedAt("demo", REV)).isEmpty();
      assertThat(rec.state().get("demo").applied()).isEqualTo(REV2);
    }
  }

  @Test
  void theIntentOfEachActionIsJournaledBeforeItGoesOutAndReadBackAtStartup() {
    ClusterDesired demo = DemoDesired.render(Map.of());
    Action cp2 = new Action(Action.Kind.APPLY_CONFIG, "cp-2", true, true, "");
    Action w1 = new Action(Action.Kind.APPLY_CONFIG, "worker-1", false, true, "");
    Action w2 = new Action(Action.Kind.APPLY_CONFIG, "worker-2", false, true, "");
    try (Journal j = new Journal(dir)) {
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      RolloutListener l = rec.listener("demo", names(demo), REV, new RolloutListener() {});
      l.waveStarted(new Wave("control plane cp-2", List.of(cp2)));
      l.acted(cp2, "applied (reboot)");
      l.gatesPassed(new Wave("control plane cp-2", List.of(cp2)));
      l.waveStarted(new Wave("workers", List.of(w1, w2)));
      l.acted(w1, "applied (reboot)");
      // killed here: worker-2's call may or may not have gone out
    }
    try (Journal j = new Journal(dir)) {
      List<InFlight.Entry> open = InFlight.read(j);
      assertThat(open).extracting(InFlight.Entry::node).containsExactly("worker-1", "worker-2");
      assertThat(open.get(0).sent()).isTrue();
      assertThat(open.get(1).sent()).isFalse();
      assertThat(open.get(1).toString()).contains("demo/worker-2: apply config", "intended");
      StatusRecorder rec = new StatusRecorder(j, dir, Retention.DEFAULT);
      rec.listener("demo", names(demo), REV, new RolloutListener() {})
          .finished(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, ""));
      assertThat(InFlight.read(j)).as("settled by the convergence").isEmpty();
    }
  }

  @Test
  void aClusterLockNamesItsHolderAndIsFreeAgainWhenReleased() {
    try (ClusterLock held = ClusterLock.take(dir, "demo", "plumb daemon")) {
      assertThatThrownBy(() -> ClusterLock.take(dir, "demo", "plumb sync"))
          .isInstanceOf(ClusterLock.HeldException.class)
          .hasMessageContaining("cluster demo is being rolled out by another plumb")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("plumb daemon, since ");
      try (ClusterLock other = ClusterLock.take(dir, "demo2", "plumb sync")) {
        assertThat(other).as("clusters lock independently").isNotNull();
      }
    }
    try (ClusterLock again = ClusterLock.take(dir, "demo", "plumb sync")) {
      assertThat(ClusterLock.holder(dir, "demo2")).isEmpty();
    }
  }
}
