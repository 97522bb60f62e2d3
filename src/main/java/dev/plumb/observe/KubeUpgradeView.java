package dev.plumb.observe;

import java.util.List;

/**
 * What a Kubernetes upgrade needs from the cluster's API beyond Nodes and static pods, read only
 * while one is pending ({@link KubeUpgradeReader}): {@code path} the upgrade it was read for
 * ({@code 1.33->1.34}, empty: not read); {@code removedInUse} the live objects of a kind whose API
 * version that path stops serving, each named; {@code bootstrapVersion} the Kubernetes version the
 * bootstrap manifests (CoreDNS, kube-proxy) were last synced for (empty: unknown); {@code detail}
 * why a read failed (empty when it did not).
 */
public record KubeUpgradeView(String path, List<String> removedInUse, String bootstrapVersion, String detail) {
  public KubeUpgradeView {
    removedInUse = List.copyOf(removedInUse);
  }

  /** Not read. */
  public static KubeUpgradeView none() {
    return new KubeUpgradeView("", List.of(), "", "");
  }
}
