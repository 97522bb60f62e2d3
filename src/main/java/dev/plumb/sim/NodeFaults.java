package dev.plumb.sim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The faults injected into one simulated node, and the timer of a flapping one. Guarded by the
 * node's lock: every method is called while holding it.
 */
final class NodeFaults {
  private final Map<Fault.Kind, Fault> faults = new EnumMap<>(Fault.Kind.class);
  private SimClock.Cancellable flapTask;

  boolean has(Fault.Kind kind) {
    return faults.containsKey(kind);
  }

  Optional<Fault> get(Fault.Kind kind) {
    return Optional.ofNullable(faults.get(kind));
  }

  void put(Fault f) {
    faults.put(f.kind(), f);
  }

  /** Removes the fault; a flap stops at once. Returns what was injected, if anything. */
  Optional<Fault> remove(Fault.Kind kind) {
    if (kind == Fault.Kind.FLAP && flapTask != null) {
      flapTask.cancel();
      flapTask = null;
    }
    return Optional.ofNullable(faults.remove(kind));
  }

  /** Every {@code period}, while the flap fault stays injected, runs {@code toggle} under {@code lock}. */
  void flap(SimClock clock, Duration period, Object lock, Runnable toggle) {
    flapTask = clock.schedule(period, () -> {
      synchronized (lock) {
        if (!faults.containsKey(Fault.Kind.FLAP)) {
          return;
        }
        toggle.run();
        flap(clock, period, lock, toggle);
      }
    });
  }
}
