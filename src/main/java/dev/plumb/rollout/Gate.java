package dev.plumb.rollout;

/** The checks that must pass before and after plumb changes a node. */
public enum Gate {
  /** Before the first action: Talos accepted the dry run of every change of the plan. */
  PREFLIGHT,
  /** The node answers over mutual TLS with the cluster's CA. */
  NODE_ANSWERS,
  /**
   * After a reboot or upgrade: the node booted again, its boot id differs from the one read right
   * before the action (talosctl's reboot tracker). Skipped when the boot id could not be read
   * before, as talosctl skips it when Read is denied.
   */
  NEW_BOOT,
  /**
   * A config applied in TRY mode was confirmed (applied again with NO_REBOOT) before its timeout;
   * a node that does not answer with it in time is reverted by Talos, and the wave halts.
   */
  TRY_CONFIRMED,
  /** The active config's digest equals the desired one. */
  CONFIG_APPLIED,
  /** The node runs the Talos version of its installer image (back on the old one: failed). */
  TALOS_VERSION,
  /** Stage running and ready. */
  MACHINE_READY,
  /** This control plane is an etcd member with a leader and no errors. */
  ETCD_HEALTHY,
  /**
   * The node's Kubernetes Node is Ready, as Talos reports it (NodeStatus). An unknown answer is
   * pending, never a pass.
   */
  KUBE_NODE_READY,
  /**
   * Before a reboot or upgrade: the node was cordoned and its pods evicted (PodDisruptionBudgets
   * honoured) within {@code kubernetes.drain.timeout}.
   */
  DRAINED,
  /** The applied manifests are healthy (kstatus rules) within {@code kubernetes.healthTimeout}. */
  MANIFESTS_HEALTHY,
  /**
   * Kubernetes upgrade of a control plane: its kube-apiserver, kube-controller-manager and
   * kube-scheduler mirror pods run the target version and are Ready, and the API server answers.
   */
  STATIC_PODS,
  /** Kubernetes upgrade of a kubelet: the Node reports the target kubelet version and is Ready. */
  KUBELET_VERSION,
  /**
   * After a change without reboot: every other gate passed continuously for the policy's
   * {@code rollout.settle}, and never on the first observation after the apply alone.
   */
  SETTLED
}
