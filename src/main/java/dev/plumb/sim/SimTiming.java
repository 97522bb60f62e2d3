package dev.plumb.sim;

import java.time.Duration;

/**
 * How long simulated things take: after a reboot or upgrade is asked for, the node keeps answering
 * in stage {@code rebooting}/{@code upgrading} for {@code goingDown} (stopping services, or cordon,
 * drain and install) before its API goes away; a reboot then keeps it away for {@code reboot}; after
 * that its services come up one every {@code serviceStep}. A short reboot hides races a Raspberry Pi
 * shows (one that takes a minute to come back), so {@code plumb sim --reboot-time} sets it.
 */
public record SimTiming(Duration reboot, Duration serviceStep, Duration goingDown) {
  public SimTiming {
    if (reboot.isNegative() || serviceStep.isNegative() || goingDown.isNegative()) {
      throw new IllegalArgumentException("simulated durations cannot be negative");
    }
  }

  /** Going down at once (the next clock tick), as tests that drive time by hand expect. */
  public SimTiming(Duration reboot, Duration serviceStep) {
    this(reboot, serviceStep, Duration.ZERO);
  }

  public static SimTiming defaults() {
    return new SimTiming(Duration.ofSeconds(2), Duration.ofMillis(100));
  }
}
