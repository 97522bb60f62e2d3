package dev.plumb.report.notify;

import dev.plumb.rollout.RolloutListener;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rollout notifications and commit statuses for the daemon: one {@link NotifyingListener} per
 * cluster rollout, every event fanned out to every target through one {@link Dispatcher}. A
 * moment is told once: a rollout start once per cluster and revision, a halt or a convergence
 * once until the cluster's revision or outcome changes (so an idle poll that converges again
 * says nothing; after a restart each cluster reports its state once).
 */
public final class Notifications implements AutoCloseable {
  private final List<Target> targets;
  private final Dispatcher dispatcher;
  private final InstantSource clock;
  private final Map<String, String> started = new ConcurrentHashMap<>();
  private final Map<String, String> ended = new ConcurrentHashMap<>();

  public Notifications(List<Target> targets, Dispatcher dispatcher, InstantSource clock) {
    this.targets = List.copyOf(targets);
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /** No targets: listeners only forward. */
  public static Notifications off() {
    return new Notifications(List.of(), null, InstantSource.system());
  }

  public boolean enabled() {
    return !targets.isEmpty();
  }

  /** The listener for one rollout of {@code revision} to {@code cluster}; forwards every call to {@code next}. */
  public RolloutListener listener(String cluster, String revision, RolloutListener next) {
    return enabled() ? new NotifyingListener(this, cluster, revision, next) : next;
  }

  void publish(RolloutEvent.Kind kind, String cluster, String revision, String wave, String message) {
    boolean fresh = switch (kind) {
      case STARTED -> !revision.equals(started.put(cluster, revision));
      case HALTED, CONVERGED -> !(revision + " " + kind).equals(ended.put(cluster, revision + " " + kind));
      default -> true;
    };
    if (fresh) {
      RolloutEvent e = new RolloutEvent(kind, cluster, revision, wave, message, clock.instant());
      targets.forEach(t -> dispatcher.submit(t, e));
    }
  }

  @Override
  public void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }
}
