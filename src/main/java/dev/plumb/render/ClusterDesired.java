package dev.plumb.render;

import java.util.List;

/** The desired state of one cluster: its identity and one config per node, in talconfig order. */
public record ClusterDesired(String name, String talconfig, String talosVersion, String kubernetesVersion,
    String endpoint, List<NodeConfig> nodes) {
  public ClusterDesired {
    nodes = List.copyOf(nodes);
  }
}
