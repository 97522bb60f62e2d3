package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import java.time.Instant;
import java.util.List;

/**
 * The gates of the Kubernetes steps of a plan (issue 9), read from the cluster's Kubernetes view
 * ({@link LiveState#kube}): manifests healthy, a control plane's static pods on the target
 * version, a kubelet on the target version.
 */
final class KubeGates {
  private KubeGates() {}

  /** Whether the gate is one of this class's. */
  static boolean handles(Gate g) {
    return g == Gate.MANIFESTS_HEALTHY || g == Gate.STATIC_PODS || g == Gate.KUBELET_VERSION;
  }

  /** The gates of a Kubernetes step, in the order they are checked. */
  static List<Gate> gates(GateEvaluator.Tracked t) {
    return switch (t.action().kind()) {
      case APPLY_MANIFESTS, K8S_BOOTSTRAP_MANIFESTS -> List.of(Gate.MANIFESTS_HEALTHY);
      case K8S_CONTROL_PLANE -> List.of(Gate.NODE_ANSWERS, Gate.CONFIG_APPLIED, Gate.STATIC_PODS);
      case K8S_KUBELET -> List.of(Gate.NODE_ANSWERS, Gate.CONFIG_APPLIED, Gate.KUBELET_VERSION);
      default -> throw new IllegalStateException("not a Kubernetes step: " + t.action().kind());
    };
  }

  /**
   * One gate on one observation; {@code node} is null for a cluster-wide step; {@code kube} reaches
   * the objects the step applied ({@link Acted#objects}).
   */
  static GateResult check(Gate g, GateEvaluator.Tracked t, NodeLive node, LiveState live,
      dev.plumb.kube.KubeAccess kube, Instant now) {
    if (g == Gate.STATIC_PODS) {
      return KubeUpgradeGates.staticPods(t.action().node(), t.action().detail(), live);
    }
    if (g == Gate.KUBELET_VERSION) {
      return KubeUpgradeGates.kubelet(t.action().node(), t.action().detail(), live);
    }
    if (g == Gate.MANIFESTS_HEALTHY) {
      return ManifestStep.health(t.acted().objects(), kube);
    }
    // filled in by the issue-9 tracks
    return GateResult.pending(g + " is not evaluated yet");
  }
}
