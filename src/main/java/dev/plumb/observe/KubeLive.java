package dev.plumb.observe;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Drift;
import dev.plumb.kube.NodeReadiness;
import dev.plumb.kube.PrunePlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as its Kubernetes API shows it, at one observation. {@code reachable} false: plumb
 * has no client or the API server did not answer ({@code detail} says which); every other field is
 * then empty and means "unknown", never "none". {@code serverVersion} is the API server's
 * gitVersion; {@code nodeNames} maps a node's hostname (talconfig) to the Kubernetes Node name
 * Talos's Nodename resource gives; {@code nodes} the readings of those Nodes by Node name;
 * {@code staticPods} the mirror pods of the control-plane static pods (kube-system); {@code drift}
 * one entry per desired object that is missing or differs from Git (Secret values masked);
 * {@code prune} what a prune would delete now; {@code applied} the Git content digest plumb last
 * applied per object (its inventory, {@link dev.plumb.kube.Inventory}; empty digest: unknown), so
 * the planner tells a Git change from live drift; {@code upgrade} what a pending Kubernetes upgrade
 * needs besides ({@link KubeUpgradeView}, read only then).
 */
public record KubeLive(boolean reachable, String detail, String serverVersion, Map<String, String> nodeNames,
    Map<String, NodeReadiness.Reading> nodes, List<StaticPod> staticPods, List<Drift> drift, PrunePlan prune,
    Map<ResourceKey, String> applied, KubeUpgradeView upgrade) {
  /** A control-plane static pod as its mirror pod shows it: which node, which component, its image, Ready. */
  public record StaticPod(String node, String component, String image, boolean ready) {}

  public KubeLive {
    nodeNames = Map.copyOf(nodeNames);
    nodes = Map.copyOf(nodes);
    staticPods = List.copyOf(staticPods);
    drift = List.copyOf(drift);
    applied = Map.copyOf(applied);
  }

  /** Without the inventory's digests (every object's Git content counts as changed since applied). */
  public KubeLive(boolean reachable, String detail, String serverVersion, Map<String, String> nodeNames,
      Map<String, NodeReadiness.Reading> nodes, List<StaticPod> staticPods, List<Drift> drift, PrunePlan prune) {
    this(reachable, detail, serverVersion, nodeNames, nodes, staticPods, drift, prune, Map.of());
  }

  /** Without the upgrade view (not read). */
  public KubeLive(boolean reachable, String detail, String serverVersion, Map<String, String> nodeNames,
      Map<String, NodeReadiness.Reading> nodes, List<StaticPod> staticPods, List<Drift> drift, PrunePlan prune,
      Map<ResourceKey, String> applied) {
    this(reachable, detail, serverVersion, nodeNames, nodes, staticPods, drift, prune, applied, KubeUpgradeView.none());
  }

  /** The same view with the inventory's digests (key -> sha256 plumb last applied). */
  public KubeLive withApplied(Map<ResourceKey, String> digests) {
    return new KubeLive(reachable, detail, serverVersion, nodeNames, nodes, staticPods, drift, prune, digests, upgrade);
  }

  /** The same view with what a pending Kubernetes upgrade needs. */
  public KubeLive withUpgrade(KubeUpgradeView u) {
    return new KubeLive(reachable, detail, serverVersion, nodeNames, nodes, staticPods, drift, prune, applied, u);
  }

  /** Not observed (no Kubernetes access, or not asked): everything unknown. */
  public static KubeLive unknown(String why) {
    return new KubeLive(false, why, "", Map.of(), Map.of(), List.of(), List.of(), new PrunePlan(List.of(), List.of()));
  }

  /** The Kubernetes Node reading of a node by its hostname, when the API answered and knows the Node. */
  public Optional<NodeReadiness.Reading> node(String hostname) {
    return Optional.ofNullable(nodes.get(nodeNames.getOrDefault(hostname, hostname)));
  }
}
