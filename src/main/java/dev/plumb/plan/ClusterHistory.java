package dev.plumb.plan;

/**
 * What plumb itself recorded about a cluster before this observation (from its journal), which
 * the live state cannot say: whether plumb ever bootstrapped its etcd, and whether the user asked
 * for a first bring-up on this run ({@code plumb sync --provision}).
 */
public record ClusterHistory(boolean bootstrapped, boolean provisionRequested) {
  /** Nothing recorded and nothing asked. */
  public static ClusterHistory none() {
    return new ClusterHistory(false, false);
  }
}
