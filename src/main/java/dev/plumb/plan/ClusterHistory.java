package dev.plumb.plan;

/**
 * What plumb itself recorded about a cluster before this observation (from its journal), which
 * the live state cannot say: whether plumb ever bootstrapped its etcd, and whether the user asked
 * for a first bring-up on this run ({@code plumb sync --provision}).
 */
public record ClusterHistory(boolean bootstrapped, boolean provisionRequested, boolean rolloutInFlight) {
  /**
   * {@code rolloutInFlight}: this rollout has already acted on its first wave and is being
   * continued (a maintenance window closing does not cut it off; see {@link MaintenanceWindows}).
   */
  public ClusterHistory(boolean bootstrapped, boolean provisionRequested) {
    this(bootstrapped, provisionRequested, false);
  }

  /** The same history, for a rollout that has (or has not) acted already. */
  public ClusterHistory inFlight(boolean on) {
    return new ClusterHistory(bootstrapped, provisionRequested, on);
  }

  /** Nothing recorded and nothing asked. */
  public static ClusterHistory none() {
    return new ClusterHistory(false, false);
  }
}
