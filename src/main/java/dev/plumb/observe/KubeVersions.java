package dev.plumb.observe;

import dev.plumb.kube.KubeVersion;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes version Git wants (the API server image of the control planes' desired configs,
 * else talconfig's {@code kubernetesVersion}) and the oldest one a control plane runs now (its live
 * config's {@code cluster.apiServer.image}; empty when no control plane's config could be read).
 */
public record KubeVersions(KubeVersion target, Optional<KubeVersion> oldestControlPlane) {

  /** Empty when Git names no Kubernetes version plumb can read. */
  public static Optional<KubeVersions> of(ClusterDesired desired, List<NodeLive> nodes) {
    Optional<KubeVersion> target = desired.nodes().stream().filter(NodeConfig::controlPlane)
        .map(n -> KubeImages.of(n.config().reveal()).apiServerVersion()).flatMap(Optional::stream).findFirst()
        .or(() -> KubeVersion.parse(desired.kubernetesVersion()));
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Optional<KubeVersion> oldest = Optional.empty();
    for (NodeConfig n : desired.nodes()) {
      if (!n.controlPlane()) {
        continue;
      }
      Optional<KubeVersion> v = nodes.stream().filter(l -> l.hostname().equals(n.hostname()) && l.reach() == Reach.UP)
          .findFirst().flatMap(l -> KubeImages.of(l.config().reveal()).apiServerVersion());
      if (v.isPresent() && (oldest.isEmpty() || v.get().compareTo(oldest.get()) < 0)) {
        oldest = v;
      }
    }
    return Optional.of(new KubeVersions(target.get(), oldest));
  }
}
