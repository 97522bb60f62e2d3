package dev.plumb.rollout;

import dev.plumb.kube.KubeVersion;
import dev.plumb.kube.NodeReadiness;
import dev.plumb.observe.ConfigContent;
import dev.plumb.observe.KubeImages;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gates of the Kubernetes upgrade steps, read from the cluster's Kubernetes view. As talosctl
 * waits after each control-plane patch for the static pod to run the new config
 * (upgradeStaticPodOnNode, checkPodStatus) and after each kubelet for the Node to report the new
 * kubelet version, plumb waits for evidence: the mirror pods of this node's kube-apiserver,
 * kube-controller-manager and kube-scheduler on an image of the target version and Ready, with
 * the API server answering; the Node reporting the target kubelet version and Ready. Unknown is
 * pending, never a pass.
 */
final class KubeUpgradeGates {
  static final List<String> COMPONENTS = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");

  private KubeUpgradeGates() {}

  /** {@link Gate#STATIC_PODS} of a control plane for the version {@code target}. */
  static GateResult staticPods(String hostname, String target, LiveState live) {
    KubeLive k = live.kube();
    if (!k.reachable()) {
      return GateResult.pending("the Kubernetes API does not answer yet (" + k.detail() + ")");
    }
    Optional<KubeVersion> want = KubeVersion.parse(target);
    String node = k.nodeNames().getOrDefault(hostname, hostname);
    List<String> waiting = new ArrayList<>();
    for (String component : COMPONENTS) {
      Optional<KubeLive.StaticPod> pod = k.staticPods().stream()
          .filter(p -> p.node().equals(node) && p.component().equals(component)).findFirst();
      if (pod.isEmpty()) {
        waiting.add(component + " has no mirror pod on " + node + " yet");
        continue;
      }
      Optional<KubeVersion> runs = KubeVersion.ofImage(pod.get().image());
      if (runs.isEmpty() || want.isEmpty() || runs.get().compareTo(want.get()) != 0) {
        waiting.add(component + " runs " + pod.get().image() + ", waiting for " + target);
      } else if (!pod.get().ready()) {
        waiting.add(component + " " + target + " is not Ready");
      }
    }
    return waiting.isEmpty() ? GateResult.passed() : GateResult.pending(String.join("; ", waiting));
  }

  /** {@link Gate#KUBELET_VERSION}: the Node of {@code hostname} reports {@code target} and is Ready. */
  static GateResult kubelet(String hostname, String target, LiveState live) {
    KubeLive k = live.kube();
    if (!k.reachable()) {
      return GateResult.pending("the Kubernetes API does not answer yet (" + k.detail() + ")");
    }
    Optional<NodeReadiness.Reading> r = k.node(hostname);
    if (r.isEmpty()) {
      return GateResult.pending("Kubernetes Node of " + hostname + " unknown (not registered or not readable yet)");
    }
    Optional<KubeVersion> runs = KubeVersion.parse(r.get().kubeletVersion());
    Optional<KubeVersion> want = KubeVersion.parse(target);
    if (runs.isEmpty() || want.isEmpty() || runs.get().compareTo(want.get()) != 0) {
      return GateResult.pending("the Node reports kubelet " + (r.get().kubeletVersion() == null ? "unknown"
          : r.get().kubeletVersion()) + ", waiting for " + target);
    }
    return r.get().state() == NodeReadiness.State.READY ? GateResult.passed()
        : GateResult.pending("kubelet " + target + " runs, the Node is not Ready: " + r.get().reason());
  }

  /**
   * {@link Gate#CONFIG_APPLIED} of a control-plane step: the node runs its desired config with the
   * kubelet image it ran before (the intermediate config), compared by content.
   */
  static GateResult intermediateApplied(NodeConfig n, NodeLive l) {
    byte[] live = l.config().reveal();
    if (live.length == 0) {
      return GateResult.pending("active config not read yet");
    }
    byte[] intermediate = KubeImages.withKubelet(n.config().reveal(), KubeImages.of(live).kubelet(), n.talosVersion());
    return ConfigContent.same(live, intermediate) || n.sha256().equals(l.configSha()) ? GateResult.passed()
        : GateResult.pending("active config is not the desired one with the running kubelet yet");
  }
}
