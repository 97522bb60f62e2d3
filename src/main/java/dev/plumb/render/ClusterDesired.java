package dev.plumb.render;

import dev.plumb.render.sops.Sensitive;
import java.util.List;

/**
 * The desired state of one cluster: its identity, one machine config per node in talconfig order,
 * and the Kubernetes objects of the apps it selects.
 */
public record ClusterDesired(String name, String talconfig, String talosVersion, String kubernetesVersion,
    String endpoint, List<NodeConfig> nodes, List<KubeObject> objects, Policy policy, OsCa osCa) {
  public ClusterDesired {
    nodes = List.copyOf(nodes);
    objects = List.copyOf(objects);
  }

  /** The cluster's OS CA (base64 PEM, as in the secrets bundle): plumb signs its own client certificate with it. */
  public record OsCa(Sensitive<String> crt, Sensitive<String> key) {}
}
