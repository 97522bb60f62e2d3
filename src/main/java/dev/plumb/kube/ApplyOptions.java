package dev.plumb.kube;

import java.time.Duration;

/**
 * How {@link KubeApplier} applies: {@code force} takes over fields another field manager owns
 * (server-side apply conflicts), off unless the policy says so; {@code prune} (on by default)
 * deletes what plumb created before and Git no longer holds; {@code establishTimeout} bounds the
 * wait for CRDs to be Established and Namespaces Active; {@code poll} is the wait between reads.
 */
public record ApplyOptions(boolean force, boolean prune, Duration establishTimeout, Duration poll) {
  public static ApplyOptions defaults() {
    return new ApplyOptions(false, true, Duration.ofMinutes(2), Duration.ofSeconds(2));
  }

  public ApplyOptions withForce(boolean f) {
    return new ApplyOptions(f, prune, establishTimeout, poll);
  }

  public ApplyOptions withPrune(boolean p) {
    return new ApplyOptions(force, p, establishTimeout, poll);
  }
}
