package dev.plumb.plan;

import dev.plumb.kube.KubeVersion;
import dev.plumb.observe.KubeImages;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.KubeUpgradeView;
import dev.plumb.observe.KubeVersions;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A changed Kubernetes version in Git, planned the way {@code talosctl upgrade-k8s} performs it
 * (pkg/cluster/kubernetes/talos_managed.go): pre-checks first, each refusal a wait reason naming
 * what is wrong ({@link VersionSkew}, {@link RemovedApis}); then the control planes one at a time
 * (their configs with the new kube-apiserver, kube-controller-manager, kube-scheduler and
 * kube-proxy images, the kubelet kept where it is), then the kubelets node by node, control planes
 * first, then Talos's bootstrap manifests once. Every step is its own wave and none reboots.
 *
 * <p>Other config changes of a node ride along: a control plane's step applies its whole desired
 * config except the kubelet image, a kubelet step applies the whole desired config. A change that
 * needs a reboot cannot ride along (the steps apply with NO_REBOOT), so the upgrade waits and says
 * to land it first; so it does while a node needs a Talos upgrade (Talos first, then Kubernetes).
 * The plan is made again from live state after every wave: a node whose live config already runs
 * the new images has no step left, and the bootstrap manifests are due while the version recorded
 * for them in the cluster ({@link KubeUpgradeView#bootstrapVersion}) is not the target.
 */
final class KubernetesUpgrade {
  private KubernetesUpgrade() {}

  /** The plan of a pending Kubernetes upgrade, or empty when the nodes run the Kubernetes version Git wants. */
  static Optional<Plan> plan(ClusterDesired desired, LiveState live, List<NodeConfig> running,
      Map<String, String> unavailable, List<String> held, ConfigComparer comparer, List<String> drift,
      List<String> notes) {
    Optional<KubeVersions> versions = KubeVersions.of(desired, live.nodes());
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    KubeVersion to = versions.get().target();
    List<NodeConfig> controlPlaneSteps = new ArrayList<>();
    List<NodeConfig> kubeletSteps = new ArrayList<>();
    Map<String, KubeImages> wanted = new LinkedHashMap<>();
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      KubeImages want = KubeImages.of(n.config().reveal());
      KubeImages has = KubeImages.of(l.config().reveal());
      wanted.put(n.hostname(), want);
      if (n.controlPlane() && controlPlaneVersionsDiffer(has, want)) {
        controlPlaneSteps.add(n);
      }
      if (differs(has.kubelet(), want.kubelet())) {
        kubeletSteps.add(n);
      }
    }
    KubeLive kube = live.kube();
    String synced = kube.upgrade().bootstrapVersion();
    boolean manifestsDue = !synced.isEmpty() && !KubeVersion.parse(synced).map(v -> v.compareTo(to) == 0).orElse(false);
    if (controlPlaneSteps.isEmpty() && kubeletSteps.isEmpty() && !manifestsDue) {
      return Optional.empty();
    }
    String from = versions.get().oldestControlPlane().map(KubeVersion::toString).orElse("unknown");
    String title = "Kubernetes upgrade " + from + " -> " + to;
    drift.add(title + ": " + controlPlaneSteps.size() + " control plane(s), " + kubeletSteps.size() + " kubelet(s)"
        + (controlPlaneSteps.isEmpty() && kubeletSteps.isEmpty() ? ", bootstrap manifests last synced for " + synced : ""));
    List<String> refused = preChecks(desired, live, versions.get(), running, unavailable, comparer, wanted,
        controlPlaneSteps, kubeletSteps);
    List<NodeConfig> heldSteps = new ArrayList<>();
    for (NodeConfig n : running) {
      if (held.contains(n.hostname()) && (controlPlaneSteps.contains(n) || kubeletSteps.contains(n))) {
        heldSteps.add(n);
        drift.add(n.hostname() + ": Kubernetes " + to + " is held back (rollout.hold): not touched");
      }
    }
    controlPlaneSteps.removeAll(heldSteps);
    kubeletSteps.removeAll(heldSteps);
    if (!refused.isEmpty()) {
      refused.forEach(r -> notes.add("kubernetes pre-check refuses: " + r));
      return Optional.of(new Plan(desired.name(), List.of(), Optional.of(title + " refused: "
          + String.join("; ", refused)), drift, notes));
    }
    notes.add(title + ": pre-checks passed (upgrade path " + versions.get().oldestControlPlane().map(
        KubeVersion::minorText).orElse("?") + "->" + to.minorText() + ", version skew, the nodes' Talos releases,"
        + " removed APIs in Git and live)");
    List<Wave> waves = new ArrayList<>();
    controlPlaneSteps.forEach(n -> waves.add(new Wave("kubernetes control plane " + n.hostname(),
        List.of(new Action(Action.Kind.K8S_CONTROL_PLANE, n.hostname(), true, false, to.toString())))));
    kubeletSteps.stream().filter(NodeConfig::controlPlane).forEach(n -> waves.add(kubelet(n, to)));
    kubeletSteps.stream().filter(n -> !n.controlPlane()).forEach(n -> waves.add(kubelet(n, to)));
    if (!heldSteps.isEmpty() && waves.isEmpty()) {
      return Optional.of(new Plan(desired.name(), List.of(), Optional.of(title + " waits: held nodes ("
          + String.join(", ", heldSteps.stream().map(NodeConfig::hostname).toList()) + ") still run the old version"),
          drift, notes));
    }
    if (heldSteps.isEmpty()) {
      NodeConfig from0 = running.stream().filter(NodeConfig::controlPlane).findFirst().orElseThrow();
      waves.add(new Wave("kubernetes bootstrap manifests", List.of(new Action(Action.Kind.K8S_BOOTSTRAP_MANIFESTS,
          from0.hostname(), true, false, to.toString()))));
    }
    return Optional.of(new Plan(desired.name(), waves, Optional.empty(), drift, notes));
  }

  private static Wave kubelet(NodeConfig n, KubeVersion to) {
    return new Wave("kubelet " + n.hostname(), List.of(new Action(Action.Kind.K8S_KUBELET, n.hostname(),
        n.controlPlane(), false, to.toString())));
  }

  private static List<String> preChecks(ClusterDesired desired, LiveState live, KubeVersions versions,
      List<NodeConfig> running, Map<String, String> unavailable, ConfigComparer comparer,
      Map<String, KubeImages> wanted, List<NodeConfig> controlPlaneSteps, List<NodeConfig> kubeletSteps) {
    KubeVersion to = versions.target();
    List<String> refused = new ArrayList<>();
    if (!unavailable.isEmpty()) {
      refused.add("every node must be up and ready first: " + String.join("; ", unavailable.values()));
    }
    if (running.stream().noneMatch(NodeConfig::controlPlane)) {
      refused.add("no control plane answers");
    }
    if (versions.oldestControlPlane().isEmpty()) {
      refused.add("the Kubernetes version the control planes run cannot be read from their configs"
          + " (cluster.apiServer.image)");
    } else {
      VersionSkew.path(versions.oldestControlPlane().get(), to).ifPresent(refused::add);
    }
    KubeLive kube = live.kube();
    if (!kube.reachable()) {
      refused.add("the cluster's Kubernetes API is needed to check removed APIs and to gate on static pods and"
          + " kubelets, and it is not reachable (" + kube.detail() + ")");
    }
    Map<String, KubeVersion> kubelets = new LinkedHashMap<>();
    List<String> dummy = new ArrayList<>();
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      Optional<KubeVersion> v = kube.node(n.hostname()).map(r -> r.kubeletVersion()).flatMap(KubeVersion::parse)
          .or(() -> KubeImages.of(l.config().reveal()).kubeletVersion());
      v.ifPresent(x -> kubelets.put(n.hostname(), x));
      VersionSkew.talosSupports(n.hostname(), l.version(), to).ifPresent(refused::add);
      if (UpgradeCheck.needed(n, l, dummy).isPresent()) {
        refused.add(n.hostname() + " also needs a Talos upgrade to " + n.talosVersion()
            + ": Talos is upgraded first, then Kubernetes (change talosVersion alone, then kubernetesVersion)");
      } else if ((controlPlaneSteps.contains(n) || kubeletSteps.contains(n)) && !n.sha256().equals(l.configSha())
          && comparer.needsReboot(n, l)) {
        refused.add(n.hostname() + ": its other config changes need a reboot, and the Kubernetes upgrade steps"
            + " apply without one: land them first with kubernetesVersion unchanged");
      }
    }
    refused.addAll(VersionSkew.skew(to, kubelets, wanted));
    KubeUpgradeView view = kube.upgrade();
    String path = versions.oldestControlPlane().map(f -> f.minorText() + "->" + to.minorText()).orElse("");
    boolean minorChanges = versions.oldestControlPlane().map(f -> to.minorsAhead(f) > 0).orElse(false);
    if (kube.reachable() && minorChanges && !view.path().equals(path)) {
      refused.add("live objects were not checked for APIs removed in " + to.minorText()
          + (view.detail().isEmpty() ? "" : ": " + view.detail()));
    }
    RemovedApis.blocking(desired.objects(), view.path().equals(path) ? view : KubeUpgradeView.none(), to)
        .forEach(r -> refused.add("removed API: " + r));
    return refused;
  }

  private static boolean controlPlaneVersionsDiffer(KubeImages has, KubeImages want) {
    return differs(has.apiServer(), want.apiServer()) || differs(has.controllerManager(), want.controllerManager())
        || differs(has.scheduler(), want.scheduler()) || differs(has.proxy(), want.proxy());
  }

  /**
   * Whether two images are tagged with different Kubernetes versions; an image without a version
   * tag on either side (unset: Talos's default, or a digest only) is not a version change plumb can judge.
   */
  private static boolean differs(String live, String wanted) {
    Optional<KubeVersion> a = KubeVersion.ofImage(live);
    Optional<KubeVersion> b = KubeVersion.ofImage(wanted);
    return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) != 0;
  }
}
