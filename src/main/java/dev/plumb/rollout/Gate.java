package dev.plumb.rollout;

/** The health checks that must pass on a node after plumb changed it. */
public enum Gate {
  /** The node answers over mutual TLS with the cluster's CA. */
  NODE_ANSWERS,
  /** The active config's digest equals the desired one. */
  CONFIG_APPLIED,
  /** The node runs the Talos version of its installer image (back on the old one: failed). */
  TALOS_VERSION,
  /** Stage running and ready. */
  MACHINE_READY,
  /** This control plane is an etcd member with a leader and no errors. */
  ETCD_HEALTHY,
  /**
   * The node's Kubernetes Node is Ready, as Talos reports it (NodeStatus). A node that registers
   * no Node object (skipNodeRegistration) passes once it is otherwise ready.
   */
  KUBE_NODE_READY
}
