package dev.plumb.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a simulated Node object reports: its Ready condition (True, False or Unknown, with reason
 * and message as the kubelet or the node lifecycle controller writes them), the taints that go
 * with it ({key, effect} pairs), the kubelet version and the control-plane role.
 */
public record KubeNodeState(String name, String ready, String reason, String message, List<String[]> taints,
    String kubeletVersion, boolean controlPlane) {
  static final String NOT_READY = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  /** The taints these states own; others on the Node are left alone. */
  static final Set<String> MANAGED_TAINTS = Set.of(NOT_READY, UNREACHABLE);

  public KubeNodeState {
    taints = List.copyOf(taints);
  }

  /** The kubelet posts Ready. */
  public static KubeNodeState ready(String name, String kubeletVersion, boolean controlPlane) {
    return new KubeNodeState(name, "True", "KubeletReady", "kubelet is posting ready status", List.of(), kubeletVersion,
        controlPlane);
  }

  /** The kubelet posts NotReady; the lifecycle controller adds the not-ready NoSchedule taint. */
  public static KubeNodeState notReady(String name, String kubeletVersion, boolean controlPlane, String reason,
      String message) {
    return new KubeNodeState(name, "False", reason, message, List.<String[]>of(new String[] {NOT_READY, "NoSchedule"}),
        kubeletVersion, controlPlane);
  }

  /**
   * The kubelet stopped posting: the node lifecycle controller sets Ready Unknown and taints the
   * Node unreachable (NoSchedule, and NoExecute for taint-based eviction).
   */
  public static KubeNodeState unreachable(String name, String kubeletVersion, boolean controlPlane) {
    return new KubeNodeState(name, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.",
        List.<String[]>of(new String[] {UNREACHABLE, "NoSchedule"}, new String[] {UNREACHABLE, "NoExecute"}),
        kubeletVersion, controlPlane);
  }

  /** Whether the live Node already reports this state (nothing to write). */
  boolean matches(Node live) {
    if (live.getStatus() == null || live.getStatus().getNodeInfo() == null
        || !kubeletVersion.equals(live.getStatus().getNodeInfo().getKubeletVersion())) {
      return false;
    }
    NodeCondition c = live.getStatus().getConditions() == null ? null : live.getStatus().getConditions().stream()
        .filter(x -> "Ready".equals(x.getType())).findFirst().orElse(null);
    if (c == null || !ready.equals(c.getStatus()) || !Objects.equals(reason, c.getReason())) {
      return false;
    }
    boolean labelled = live.getMetadata().getLabels() != null
        && live.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane");
    return labelled == controlPlane && managedTaints(live).equals(wantedTaints());
  }

  private Set<String> wantedTaints() {
    Set<String> out = new HashSet<>();
    taints.forEach(t -> out.add(t[0] + ":" + t[1]));
    return out;
  }

  private static Set<String> managedTaints(Node live) {
    Set<String> out = new HashSet<>();
    if (live.getSpec() != null && live.getSpec().getTaints() != null) {
      for (Taint t : live.getSpec().getTaints()) {
        if (MANAGED_TAINTS.contains(t.getKey())) {
          out.add(t.getKey() + ":" + t.getEffect());
        }
      }
    }
    return out;
  }
}
