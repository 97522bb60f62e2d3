package dev.plumb.sim;

import java.time.Duration;

/**
 * How long simulated things take: a reboot keeps the node away for {@code reboot}; after that its
 * services come up one every {@code serviceStep}.
 */
public record SimTiming(Duration reboot, Duration serviceStep) {
  public static SimTiming defaults() {
    return new SimTiming(Duration.ofSeconds(2), Duration.ofMillis(100));
  }
}
