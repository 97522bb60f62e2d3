package dev.plumb.kube;

import java.time.Duration;

/** How long a drain may take before it gives up, and the wait between eviction rounds. */
public record DrainPolicy(Duration timeout, Duration poll) {
  public static DrainPolicy defaults() {
    return new DrainPolicy(Duration.ofMinutes(5), Duration.ofSeconds(5));
  }
}
