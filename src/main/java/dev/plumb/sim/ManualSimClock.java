package dev.plumb.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Time that moves only when {@link #advance(Duration)} is called: due tasks then run in order on
 * the caller's thread, including tasks they schedule themselves. Deterministic, no sleeping.
 */
public final class ManualSimClock implements SimClock {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private Instant now;
  private long seq;

  public ManualSimClock(Instant start) {
    this.now = start;
  }

  private final class Task implements Comparable<Task>, Cancellable {
    final Instant due;
    final long order;
    final Runnable run;
    boolean cancelled;

    Task(Instant due, long order, Runnable run) {
      this.due = due;
      this.order = order;
      this.run = run;
    }

    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      synchronized (ManualSimClock.this) {
        cancelled = true;
      }
    }
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), seq++, task);
    queue.add(t);
    return t;
  }

  /** Moves time forward, running every task that falls due on the way. */
  public void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(target)) {
          now = target;
          return;
        }
        queue.poll();
        now = next.due;
        if (next.cancelled) {
          continue;
        }
      }
      next.run.run();
    }
  }

  /** How many tasks wait to run (cancelled ones included until their time comes). */
  public synchronized int pending() {
    return queue.size();
  }

  /** Runs what is due now without moving time (tasks scheduled with a zero delay). */
  public void runDue() {
    advance(Duration.ZERO);
  }
}
