package dev.plumb.observe;

import dev.plumb.talos.MachineStage;
import java.util.List;

/**
 * What one node is now. {@code configSha} is the digest of its active config as plumb compares it
 * with the desired one: the desired config's digest when the two hold the same content
 * ({@link ConfigContent}), else the live config's canonical digest (empty when unknown); {@code etcdMember}/{@code etcdHealthy} only mean something for control planes;
 * {@code hardwareUuid} is the SMBIOS UUID a node in maintenance mode reports (empty otherwise).
 */
public record NodeLive(String hostname, String address, Reach reach, String configSha, String version,
    MachineStage stage, boolean ready, List<String> unmet, boolean etcdMember, boolean etcdHealthy, String detail,
    dev.plumb.render.sops.Sensitive<byte[]> config, String hardwareUuid, KubeNode kubeNode) {
  /** The Kubernetes Node of this machine as Talos sees it (NodeStatus): absent, ready, or not ready. */
  public enum KubeNode { UNKNOWN, READY, NOT_READY }

  public NodeLive {
    unmet = List.copyOf(unmet);
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
