package dev.plumb.render;

import java.util.List;

/**
 * The desired state of one cluster: its identity, one machine config per node in talconfig order,
 * and the Kubernetes objects of the apps it selects.
 */
public record ClusterDesired(String name, String talconfig, String talosVersion, String kubernetesVersion,
    String endpoint, List<NodeConfig> nodes, List<KubeObject> objects) {
  public ClusterDesired {
    nodes = List.copyOf(nodes);
    objects = List.copyOf(objects);
  }
}
