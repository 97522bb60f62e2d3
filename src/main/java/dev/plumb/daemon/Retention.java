package dev.plumb.daemon;

import java.time.Duration;

/**
 * How long journal events are kept: none older than {@code maxAge}, and at most the newest
 * {@code maxEvents}. The per-cluster and per-node status is not an event and is never pruned.
 */
public record Retention(Duration maxAge, int maxEvents) {
  /** 30 days and 50,000 events: months of an idle fleet, days of a busy one. */
  public static final Retention DEFAULT = new Retention(Duration.ofDays(30), 50_000);

  public Retention {
    if (maxAge.isNegative() || maxAge.isZero() || maxEvents < 1) {
      throw new IllegalArgumentException("journal retention needs a positive age and count");
    }
  }
}
