package dev.plumb.plan;

import java.util.List;
import java.util.Optional;

/**
 * What must change, in order. Empty waves and no wait reason: the cluster is in sync. A wait
 * reason: something must settle before plumb may act (a node down or not ready).
 */
public record Plan(String cluster, List<Wave> waves, Optional<String> waitReason, List<String> drift) {
  public Plan {
    waves = List.copyOf(waves);
    drift = List.copyOf(drift);
  }

  public boolean inSync() {
    return waves.isEmpty() && waitReason.isEmpty();
  }
}
