package dev.plumb.talos;

import java.time.Duration;
import java.util.List;

/**
 * The subset of the Talos API plumb uses, one node per call. Every method has a deadline, never
 * retries by itself, and reports failure as a {@link TalosException} whose kind says why
 * (unreachable, TLS, permission, maintenance mode, timeout, ...). Errors that a proxying endpoint
 * reports in-band are raised as exceptions too, never returned as data.
 */
public interface TalosClient extends AutoCloseable {

  /** Talos version and platform; works in maintenance mode. */
  NodeVersion version(NodeTarget target);

  /** The kernel hostname. */
  String hostname(NodeTarget target);

  /**
   * The active machine config (COSI {@code config/MachineConfigs.config.talos.dev/v1alpha1}), as
   * the multi-document YAML the node runs. Needs os:admin: the bytes hold the cluster's secrets.
   */
  byte[] machineConfig(NodeTarget target);

  /**
   * The YAML spec of any COSI resource (Get), for resources plumb reads without their proto
   * definitions (SystemInformation, NodeStatus).
   */
  String resourceYaml(NodeTarget target, String namespace, String type, String id);

  /**
   * The YAML specs of every COSI resource of a type (List), e.g. the ExtensionStatuses of a node
   * or its LinkStatuses. Readable with os:reader, so in maintenance mode too for non-sensitive types.
   */
  default List<String> resourceYamls(NodeTarget target, String namespace, String type) {
    throw new TalosException(TalosException.Kind.UNIMPLEMENTED, target.label(), "cosi.resource.State/List of " + type
        + " is not implemented by this client");
  }

  /** The MachineStatus resource: stage, readiness and unmet conditions. */
  MachineStatus machineStatus(NodeTarget target);

  /** Every service with its state and health. */
  List<ServiceStatus> services(NodeTarget target);

  /** The cluster's etcd members as this control plane sees them. */
  List<EtcdMember> etcdMembers(NodeTarget target);

  /** This control plane's local etcd member status. */
  EtcdMemberStatus etcdStatus(NodeTarget target);

  /**
   * Sends a complete machine config. {@code tryTimeout} is used with TRY only (null: Talos's
   * default of 1 minute). With {@code dryRun} nothing changes and the details hold the diff.
   */
  ApplyResult applyConfiguration(
      NodeTarget target, byte[] config, ApplyMode mode, boolean dryRun, Duration tryTimeout);

  /** Asks the node to reboot; returns once the node has acknowledged. */
  void reboot(NodeTarget target, RebootMode mode);

  /** Bootstraps etcd on this control plane. Call once per cluster, on exactly one node. */
  void bootstrap(NodeTarget target);

  /** The admin kubeconfig of the cluster, from a control plane. */
  byte[] kubeconfig(NodeTarget target);

  /** A file's bytes (MachineService/Read, os:admin), e.g. {@code /proc/sys/kernel/random/boot_id}. */
  byte[] read(NodeTarget target, String path);

  /** The node's current boot id, as talosctl reads it to tell that a reboot happened. */
  default String bootId(NodeTarget target) {
    return new String(read(target, "/proc/sys/kernel/random/boot_id"), java.nio.charset.StandardCharsets.US_ASCII).strip();
  }

  /** The etcd alarms of the cluster (NOSPACE, CORRUPT), per member id. */
  List<EtcdAlarm> etcdAlarms(NodeTarget target);

  /** Removes a member from etcd by id, through this control plane (a stale member of a wiped node). */
  void etcdRemoveMember(NodeTarget target, long memberId);

  /** Makes this control plane leave etcd gracefully. */
  void etcdLeave(NodeTarget target);

  /**
   * Upgrades Talos to the installer image: the 1.13 flow for nodes at 1.13 or newer (pull, write
   * the boot slot, reboot), the legacy MachineService/Upgrade for older nodes.
   */
  UpgradeResult upgrade(NodeTarget target, String image, RebootMode rebootMode);

  @Override
  void close();
}
