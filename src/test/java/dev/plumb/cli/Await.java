package dev.plumb.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition of a process under test until it holds, or fails naming what was awaited. */
final class Await {
  private Await() {}

  static void until(BooleanSupplier cond, Duration max, String what) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
