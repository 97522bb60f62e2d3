package dev.plumb.daemon;

import java.time.Duration;
import java.util.Optional;

/**
 * Why the daemon should reconcile before its next poll: a webhook, an API call. Requests that
 * arrive while a reconcile runs or while the loop waits coalesce into one: the loop runs once
 * more, and fetches the newest commit itself.
 */
public final class TriggerQueue {
  private String pending;

  /** Asks for a reconcile as soon as the current one (if any) ends. */
  public synchronized void request(String why) {
    pending = why;
    notifyAll();
  }

  /**
   * Waits up to {@code max} for a request; returns its reason (the newest, when several came) and
   * clears it, or empty when the time passed without one.
   */
  public synchronized Optional<String> await(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (pending == null) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
    String why = pending;
    pending = null;
    return Optional.of(why);
  }
}
