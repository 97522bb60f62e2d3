package dev.plumb.kube;

import java.util.Map;
import java.util.Optional;

/**
 * A node as Kubernetes sees it: its Ready condition and the taints the node lifecycle controller
 * sets (node.kubernetes.io/not-ready, /unreachable). A node the API does not know, or whose Ready
 * condition is Unknown, is UNKNOWN: pending, not failed.
 */
public final class NodeReadiness {
  public enum State { READY, NOT_READY, UNKNOWN }

  /** The state with the reason in words, and the kubelet version the node reports (null if unknown). */
  public record Reading(State state, String reason, String kubeletVersion, boolean cordoned) {}

  private final KubeClient client;

  public NodeReadiness(KubeClient client) {
    this.client = client;
  }

  public Reading read(String nodeName) {
    Optional<Map<String, Object>> node;
    try {
      node = client.get("v1", "Node", "", nodeName);
    } catch (KubeException e) {
      return new Reading(State.UNKNOWN, "the API server did not answer: " + e.getMessage(), null, false);
    }
    if (node.isEmpty()) {
      return new Reading(State.UNKNOWN, "no Node " + nodeName + " registered", null, false);
    }
    return of(node.get());
  }

  /** The reading of a live Node object. */
  public static Reading of(Map<String, Object> node) {
    String kubelet = KubeMaps.string(node, "status", "nodeInfo", "kubeletVersion");
    boolean cordoned = Boolean.TRUE.equals(KubeMaps.get(node, "spec", "unschedulable"));
    Map<String, Object> ready = KubeMaps.condition(node, "Ready");
    if (ready == null) {
      return new Reading(State.UNKNOWN, "no Ready condition yet", kubelet, cordoned);
    }
    String status = String.valueOf(ready.get("status"));
    if ("Unknown".equals(status)) {
      return new Reading(State.UNKNOWN, "Ready is Unknown: " + HealthChecker.text(ready), kubelet, cordoned);
    }
    if (!"True".equals(status)) {
      return new Reading(State.NOT_READY, "Ready is " + status + ": " + HealthChecker.text(ready), kubelet, cordoned);
    }
    for (Object t : KubeMaps.list(KubeMaps.get(node, "spec", "taints"))) {
      Map<String, Object> taint = KubeMaps.map(t);
      String key = taint == null ? null : String.valueOf(taint.get("key"));
      if ("node.kubernetes.io/not-ready".equals(key) || "node.kubernetes.io/unreachable".equals(key)) {
        return new Reading(State.NOT_READY, "tainted " + key, kubelet, cordoned);
      }
    }
    return new Reading(State.READY, "Ready", kubelet, cordoned);
  }
}
