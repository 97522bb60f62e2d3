package dev.plumb.kube;

import java.util.List;

/**
 * The end of a drain: DRAINED when no evictable pod is left, TIMED_OUT with the pods still there
 * and, for each eviction a PodDisruptionBudget refused, a message naming the budget. Skipped
 * pods (DaemonSet-managed, mirror pods of static pods) are listed with the reason.
 */
public record DrainResult(Outcome outcome, List<String> evicted, List<String> skipped, List<String> remaining,
    List<String> blocked) {
  public enum Outcome { DRAINED, TIMED_OUT }

  public DrainResult {
    evicted = List.copyOf(evicted);
    skipped = List.copyOf(skipped);
    remaining = List.copyOf(remaining);
    blocked = List.copyOf(blocked);
  }

  /** One line for the journal and the console. */
  public String summary() {
    if (outcome == Outcome.DRAINED) {
      return "drained: " + evicted.size() + " pods evicted, " + skipped.size() + " skipped";
    }
    return "drain timed out with " + remaining.size() + " pods left" + (blocked.isEmpty() ? "" : ": "
        + String.join("; ", blocked));
  }
}
