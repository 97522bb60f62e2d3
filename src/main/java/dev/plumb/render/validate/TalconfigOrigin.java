package dev.plumb.render.validate;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which talconfig node field most likely produced a machine-config field, so that a finding can
 * point at the line the user wrote (talhelper's mapping, reference/talhelper.md: {@code hostname}
 * becomes machine.network.hostname or a HostnameConfig, {@code installDisk} machine.install.disk,
 * {@code networkInterfaces} the interfaces or the 1.12+ link documents, ...).
 */
public final class TalconfigOrigin {
  /** machine-config field prefix (or document kind) -> talconfig node field; first match wins. */
  private static final List<Map.Entry<String, String>> ORIGINS = List.of(
      Map.entry("HostnameConfig", "hostname"),
      Map.entry("machine.network.hostname", "hostname"),
      Map.entry("machine.install.diskSelector", "installDiskSelector"),
      Map.entry("machine.install.disk", "installDisk"),
      Map.entry("machine.install", "installDisk"),
      Map.entry("machine.network.interfaces", "networkInterfaces"),
      Map.entry("machine.network.nameservers", "nameservers"),
      Map.entry("ResolverConfig", "nameservers"),
      Map.entry("machine.certSANs", "certSANs"),
      Map.entry("machine.nodeLabels", "nodeLabels"),
      Map.entry("machine.nodeAnnotations", "nodeAnnotations"),
      Map.entry("machine.nodeTaints", "nodeTaints"),
      Map.entry("machine.kubelet", "kubelet"),
      Map.entry("machine.files", "machineFiles"),
      Map.entry("machine.disks", "machineDisks"),
      Map.entry("LinkConfig", "networkInterfaces"),
      Map.entry("BondConfig", "networkInterfaces"),
      Map.entry("BridgeConfig", "networkInterfaces"),
      Map.entry("VLANConfig", "networkInterfaces"),
      Map.entry("DHCPv4Config", "networkInterfaces"),
      Map.entry("DHCPv6Config", "networkInterfaces"),
      Map.entry("Layer2VIPConfig", "networkInterfaces"),
      Map.entry("LinkAliasConfig", "networkInterfaces"),
      Map.entry("WireguardConfig", "networkInterfaces"),
      Map.entry("DummyLinkConfig", "networkInterfaces"),
      Map.entry("ExtensionServiceConfig", "extensionServices"),
      Map.entry("UserVolumeConfig", "userVolumes"),
      Map.entry("VolumeConfig", "volumes"));

  private TalconfigOrigin() {}

  /** The talconfig node field behind a finding, if one is known. */
  public static Optional<String> nodeField(Finding f) {
    String kind = f.document().contains("/") ? f.document().substring(0, f.document().indexOf('/')) : f.document();
    for (Map.Entry<String, String> e : ORIGINS) {
      if (kind.equals(e.getKey()) || f.field().equals(e.getKey()) || f.field().startsWith(e.getKey() + ".")
          || f.field().startsWith(e.getKey() + "[")) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }
}
