package dev.plumb.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's notion of time. Reboots, boot stages, try-mode reverts, slow answers and flaps
 * are all scheduled on it, so tests drive time by hand ({@link ManualSimClock}) and the command
 * line runs on wall-clock time ({@link SystemSimClock}).
 */
public interface SimClock {
  Instant now();

  /** Runs the task once after the delay; the handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
