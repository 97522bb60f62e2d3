package dev.plumb.sim;

import java.time.Duration;

/** The rollback timer of a config applied in TRY mode: it reverts unless cancelled first. */
final class TryTimer {
  private SimClock.Cancellable task;

  /** Starts the timer, replacing one that runs; {@code revert} runs once when it expires. */
  synchronized void start(SimClock clock, Duration timeout, Runnable revert) {
    cancel();
    task = clock.schedule(timeout, () -> {
      synchronized (this) {
        task = null;
      }
      revert.run();
    });
  }

  synchronized void cancel() {
    if (task != null) {
      task.cancel();
      task = null;
    }
  }
}
