package dev.plumb.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wall-clock time on one scheduler thread, for {@code plumb sim} and benchmarks. */
public final class SystemSimClock implements SimClock, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemSimClock.class);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-clock");
        t.setDaemon(true);
        return t;
      });

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = scheduler.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("simulated task failed", e);
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
