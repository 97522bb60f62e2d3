package dev.plumb.render;

import java.time.Duration;

/**
 * The {@code kubernetes:} section of a cluster's plumb.yaml, every field defaulted:
 * <ul>
 *   <li>{@code prune} (true): delete objects plumb created before that Git no longer holds (never
 *       one plumb did not create, never one annotated {@code plumb.dev/prune: disabled});
 *   <li>{@code forceConflicts} (false): server-side apply takes over fields another field manager
 *       owns;
 *   <li>{@code drift} ({@code correct}): live objects that differ from Git are re-applied at the
 *       next reconcile; {@code report}: only shown by {@code plumb plan} and the status;
 *   <li>{@code healthTimeout} (5m): how long applied objects may take to become healthy (kstatus)
 *       before the rollout halts;
 *   <li>{@code drain.enabled} (true): cordon and drain a node (eviction API, PodDisruptionBudgets
 *       honoured) before a change that reboots it, uncordon after its gates pass;
 *   <li>{@code drain.timeout} (5m), {@code drain.onTimeout} ({@code halt}): when pods are still
 *       there at the timeout, {@code halt} the rollout or {@code proceed} with the reboot.
 * </ul>
 */
public record KubePolicy(boolean prune, boolean forceConflicts, boolean correctDrift, Duration healthTimeout,
    boolean drain, Duration drainTimeout, boolean proceedOnDrainTimeout) {
  public static KubePolicy defaults() {
    return new KubePolicy(true, false, true, Duration.ofMinutes(5), true, Duration.ofMinutes(5), false);
  }
}
