package dev.plumb.kube;

import java.time.Duration;

/**
 * How {@link KubeApplier} applies: {@code force} takes over fields another field manager owns
 * (server-side apply conflicts), off unless the policy says so; {@code prune} (on by default)
 * deletes what plumb created before and Git no longer holds; {@code establishTimeout} bounds the
 * wait for CRDs to be Established and Namespaces Active; {@code poll} is the wait between reads;
 * {@code correctDrift} (on by default) re-applies an object that only drifted live; off
 * ({@code kubernetes.drift: report}), such an object is left as it is when its Git content is the
 * one plumb last applied (the inventory's digest), and reported.
 */
public record ApplyOptions(boolean force, boolean prune, Duration establishTimeout, Duration poll,
    boolean correctDrift) {
  public ApplyOptions(boolean force, boolean prune, Duration establishTimeout, Duration poll) {
    this(force, prune, establishTimeout, poll, true);
  }

  public static ApplyOptions defaults() {
    return new ApplyOptions(false, true, Duration.ofMinutes(2), Duration.ofSeconds(2), true);
  }

  public ApplyOptions withForce(boolean f) {
    return new ApplyOptions(f, prune, establishTimeout, poll, correctDrift);
  }

  public ApplyOptions withPrune(boolean p) {
    return new ApplyOptions(force, p, establishTimeout, poll, correctDrift);
  }

  public ApplyOptions withCorrectDrift(boolean c) {
    return new ApplyOptions(force, prune, establishTimeout, poll, c);
  }
}
