package dev.plumb.plan;

import java.util.List;
import java.util.Optional;

/**
 * What must change, in order. Empty waves and no wait reason: the cluster is in sync. A wait
 * reason: something must settle before plumb may act (the disruption budget is used up, or the
 * quorum guard refuses every change left). {@code notes} say how the plan was made: the budget,
 * held nodes, quorum refusals, unavailable nodes and the provisioning mode.
 */
public record Plan(String cluster, List<Wave> waves, Optional<String> waitReason, List<String> drift,
    List<String> notes) {
  public Plan {
    waves = List.copyOf(waves);
    drift = List.copyOf(drift);
    notes = List.copyOf(notes);
  }

  public Plan(String cluster, List<Wave> waves, Optional<String> waitReason, List<String> drift) {
    this(cluster, waves, waitReason, drift, List.of());
  }

  public boolean inSync() {
    return waves.isEmpty() && waitReason.isEmpty();
  }
}
