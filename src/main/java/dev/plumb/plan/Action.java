package dev.plumb.plan;

/**
 * One intended change to one node. Each kind says what plumb will do and what the gates after it
 * check.
 */
public record Action(Kind kind, String node, boolean controlPlane, boolean reboots, String detail, boolean stageConfig,
    boolean networkChange) {
  /**
   * {@code stageConfig}: an UPGRADE that first stages the desired config (mode STAGED), so config
   * and version land with one reboot. {@code networkChange}: an APPLY_CONFIG that changes
   * {@code machine.network} (or the 1.12+ network documents): applied in TRY mode when the policy
   * says so.
   */
  public Action(Kind kind, String node, boolean controlPlane, boolean reboots, String detail) {
    this(kind, node, controlPlane, reboots, detail, false, false);
  }

  /** What the action does. */
  public enum Kind {
    /** Send the first config to a node in maintenance mode (it installs and reboots). */
    PROVISION,
    /** Send a changed config (AUTO, confirmed by a dry run). */
    APPLY_CONFIG,
    /** Install another Talos version, then reboot. */
    UPGRADE,
    /** Bootstrap etcd on this control plane: once per cluster. */
    BOOTSTRAP,
    /**
     * Server-side apply the cluster's app manifests (node: empty; detail: what changes), then wait
     * until they are healthy. Planned after every node change.
     */
    APPLY_MANIFESTS,
    /**
     * Kubernetes upgrade, step 1, one control plane at a time: its config with the new
     * kube-apiserver, kube-controller-manager, kube-scheduler (and kube-proxy) images, the kubelet
     * still on the old one (detail: target version).
     */
    K8S_CONTROL_PLANE,
    /** Kubernetes upgrade, step 2, node by node, no reboot: the desired config with the new kubelet (detail: target). */
    K8S_KUBELET,
    /**
     * Kubernetes upgrade, last step: the bootstrap manifests Talos renders (CoreDNS, kube-proxy,
     * the CNI when Talos manages it) applied server-side (node: the control plane read from).
     */
    K8S_BOOTSTRAP_MANIFESTS
  }

  @Override
  public String toString() {
    return switch (kind) {
      case PROVISION -> node + ": provision (first config from maintenance mode; installs and reboots)"
          + ("unchecked".equals(detail) ? " FIRST BRING-UP, WITHOUT identity check" : "");
      case APPLY_CONFIG -> node + ": apply config (" + (reboots ? "reboot" : "no reboot") + ")"
          + (networkChange ? " [changes the network: TRY mode per policy]" : "") + (detail.isEmpty() ? "" : " " + detail);
      case UPGRADE -> node + ": upgrade Talos to " + detail + (stageConfig
          ? " with the desired config staged first (one reboot for both)" : " (reboot)");
      case BOOTSTRAP -> node + ": bootstrap etcd";
      case APPLY_MANIFESTS -> "manifests: " + detail;
      case K8S_CONTROL_PLANE -> node + ": Kubernetes control plane to " + detail
          + " (kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy images; no reboot)";
      case K8S_KUBELET -> node + ": kubelet to " + detail + " (no reboot)";
      case K8S_BOOTSTRAP_MANIFESTS -> "bootstrap manifests for Kubernetes " + detail
          + " (CoreDNS, kube-proxy, the CNI when Talos manages it), read from " + node + ", applied server-side";
    };
  }
}
