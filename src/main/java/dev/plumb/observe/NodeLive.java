package dev.plumb.observe;

import dev.plumb.talos.MachineStage;
import java.util.List;

/**
 * What one node is now. {@code configSha} is the digest of its active config as plumb compares it
 * with the desired one: the desired config's digest when the two hold the same content
 * ({@link ConfigContent}), else the live config's canonical digest (empty when unknown); {@code etcdMember}/{@code etcdHealthy} only mean something for control planes;
 * {@code hardwareUuid} is the SMBIOS UUID a node in maintenance mode reports (empty otherwise).
 * {@code bootId} is the kernel's boot id (changes on every boot; empty when unknown);
 * {@code answersAs} the hostname the machine at the address reports (empty when unknown);
 * {@code schematic} the image-factory schematic id the node runs (empty when none or unknown);
 * {@code etcd} the live etcd view of a control plane ({@link EtcdView#unknown} otherwise);
 * {@code macs} the link MAC addresses the machine reports (lower case; read in maintenance mode,
 * or when Git declares MACs for the node; empty when unknown).
 */
public record NodeLive(String hostname, String address, Reach reach, String configSha, String version,
    MachineStage stage, boolean ready, List<String> unmet, boolean etcdMember, boolean etcdHealthy, String detail,
    dev.plumb.render.sops.Sensitive<byte[]> config, String hardwareUuid, KubeNode kubeNode, String bootId,
    String answersAs, String schematic, EtcdView etcd, List<String> macs) {
  /**
   * The Kubernetes Node of this machine: from the Kubernetes API when it answers, else as Talos
   * sees it (NodeStatus); unknown when neither tells (pending, never failed).
   */
  public enum KubeNode { UNKNOWN, READY, NOT_READY }

  public NodeLive {
    unmet = List.copyOf(unmet);
    macs = List.copyOf(macs);
  }

  /** Without MAC addresses (unknown). */
  public NodeLive(String hostname, String address, Reach reach, String configSha, String version,
      MachineStage stage, boolean ready, List<String> unmet, boolean etcdMember, boolean etcdHealthy, String detail,
      dev.plumb.render.sops.Sensitive<byte[]> config, String hardwareUuid, KubeNode kubeNode, String bootId,
      String answersAs, String schematic, EtcdView etcd) {
    this(hostname, address, reach, configSha, version, stage, ready, unmet, etcdMember, etcdHealthy, detail, config,
        hardwareUuid, kubeNode, bootId, answersAs, schematic, etcd, List.of());
  }

  /** The same node with another reach and detail (a machine that answered as another node is FOREIGN). */
  public NodeLive withReach(Reach r, String why) {
    return new NodeLive(hostname, address, r, configSha, version, stage, ready, unmet, etcdMember, etcdHealthy, why,
        config, hardwareUuid, kubeNode, bootId, answersAs, schematic, etcd, macs);
  }

  /** The same node with another Kubernetes Node reading. */
  public NodeLive withKubeNode(KubeNode k) {
    return new NodeLive(hostname, address, reach, configSha, version, stage, ready, unmet, etcdMember, etcdHealthy,
        detail, config, hardwareUuid, k, bootId, answersAs, schematic, etcd, macs);
  }

  /** The same node with another etcd view. */
  public NodeLive withEtcd(EtcdView v) {
    return new NodeLive(hostname, address, reach, configSha, version, stage, ready, unmet, etcdMember, etcdHealthy,
        detail, config, hardwareUuid, kubeNode, bootId, answersAs, schematic, v, macs);
  }

  /** The fields this record had before boot id, identity, schematic and the etcd view: all unknown. */
  public NodeLive(String hostname, String address, Reach reach, String configSha, String version,
      MachineStage stage, boolean ready, List<String> unmet, boolean etcdMember, boolean etcdHealthy, String detail,
      dev.plumb.render.sops.Sensitive<byte[]> config, String hardwareUuid, KubeNode kubeNode) {
    this(hostname, address, reach, configSha, version, stage, ready, unmet, etcdMember, etcdHealthy, detail, config,
        hardwareUuid, kubeNode, "", "", "", EtcdView.unknown("not read"), List.of());
  }

  public static NodeLive unreachable(String hostname, String address, Reach reach, String detail) {
    return new NodeLive(hostname, address, reach, "", "", MachineStage.UNKNOWN, false, List.of(), false, false, detail,
        dev.plumb.render.sops.Sensitive.of(new byte[0]), "", KubeNode.UNKNOWN);
  }

  /** Up, running and ready: the test talosctl uses. */
  public boolean healthy() {
    return reach == Reach.UP && stage == MachineStage.RUNNING && ready;
  }
}
