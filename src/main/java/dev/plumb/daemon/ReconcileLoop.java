package dev.plumb.daemon;

import io.github.resilience4j.core.IntervalFunction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The daemon's loop: reconcile, then wait for the next poll (with jitter, so that many daemons do
 * not fetch in step); after a failure, wait with exponential backoff instead; a stalled revision
 * is not retried until a new commit arrives (the reconciler skips it).
 */
public final class ReconcileLoop {
  private final Reconciler reconciler;
  private final Duration poll;
  private final PrintStream out;
  private final TriggerQueue triggers;
  private final IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(5), 2.0, 0.5,
      Duration.ofMinutes(5));

  public ReconcileLoop(Reconciler reconciler, Duration poll, PrintStream out) {
    this(reconciler, poll, out, new TriggerQueue());
  }

  /** {@code triggers} wakes the loop before the next poll (webhooks, API); polling always stays on. */
  public ReconcileLoop(Reconciler reconciler, Duration poll, PrintStream out, TriggerQueue triggers) {
    this.reconciler = reconciler;
    this.poll = poll;
    this.out = out;
    this.triggers = triggers;
  }

  public void run(BooleanSupplier stop) throws InterruptedException {
    int failures = 0;
    ReconcileOutcome.Kind lastKind = null;
    while (!stop.getAsBoolean()) {
      long t0 = System.nanoTime();
      ReconcileOutcome o = reconciler.reconcile(stop);
      Duration next;
      if (o.kind() == ReconcileOutcome.Kind.FAILED) {
        failures++;
        next = Duration.ofMillis(backoff.apply(failures));
      } else {
        failures = 0;
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, poll.toMillis() / 10));
        next = poll.plusMillis(jitter);
      }
      if (o.kind() != lastKind || o.kind() != ReconcileOutcome.Kind.STALLED) {
        out.printf("reconcile %s%s in %.1fs, next run in %ds%n", o.kind().name().toLowerCase(),
            o.reason().isEmpty() ? "" : " (" + o.reason() + ")", (System.nanoTime() - t0) / 1e9, next.toSeconds());
      }
      lastKind = o.kind();
      long until = System.currentTimeMillis() + next.toMillis();
      while (!stop.getAsBoolean() && System.currentTimeMillis() < until) {
        Duration slice = Duration.ofMillis(Math.min(250, Math.max(1, until - System.currentTimeMillis())));
        java.util.Optional<String> why = triggers.await(slice);
        if (why.isPresent()) {
          out.println("reconcile requested: " + why.get());
          break;
        }
      }
    }
  }
}
