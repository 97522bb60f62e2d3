package dev.plumb.render.talos;

import dev.plumb.render.patch.ConfigDocs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The basic shape of a Talos machine config (talos-api.md §5): the document kinds Talos knows,
 * and the top-level, machine and cluster fields of the v1alpha1 document. Talos decodes strictly,
 * so a misspelled field or kind that a patch brings in would be refused by the node; plumb refuses
 * it before any node sees it.
 */
final class MachineConfigSchema {
  static final Set<String> KINDS = Set.of("HostnameConfig", "NetworkDefaultActionConfig", "NetworkRuleConfig",
      "LinkConfig", "LinkAliasConfig", "BondConfig", "BridgeConfig", "VLANConfig", "VRFConfig", "DummyLinkConfig",
      "WireguardConfig", "EthernetConfig", "DHCPv4Config", "DHCPv6Config", "Layer2VIPConfig", "HCloudVIPConfig",
      "ResolverConfig", "StaticHostConfig", "TimeSyncConfig", "KubeSpanConfig", "KubeSpanEndpointsConfig",
      "RoutingRuleConfig", "BlackholeRouteConfig", "TCPProbeConfig", "VolumeConfig", "UserVolumeConfig",
      "RawVolumeConfig", "ExistingVolumeConfig", "ExternalVolumeConfig", "SwapVolumeConfig", "ZswapConfig",
      "RegistryMirrorConfig", "RegistryAuthConfig", "RegistryTLSConfig", "EnvironmentConfig", "EventSinkConfig",
      "KmsgLogConfig", "WatchdogTimerConfig", "OOMConfig", "ExtensionServiceConfig", "ImageVerificationConfig",
      "TrustedRootsConfig", "PCIDriverRebindConfig", "SideroLinkConfig", "KubeFlannelCNIConfig");
  static final Set<String> TOP = Set.of("version", "debug", "persist", "machine", "cluster");
  static final Set<String> MACHINE = Set.of("type", "token", "ca", "acceptedCAs", "certSANs", "controlPlane",
      "kubelet", "pods", "network", "disks", "install", "files", "env", "time", "sysctls", "sysfs", "registries",
      "systemDiskEncryption", "features", "udev", "logging", "kernel", "seccompProfiles", "baseRuntimeSpecOverrides",
      "nodeLabels", "nodeAnnotations", "nodeTaints");
  static final Set<String> CLUSTER = Set.of("id", "secret", "controlPlane", "clusterName", "network", "token",
      "aescbcEncryptionSecret", "secretboxEncryptionSecret", "ca", "acceptedCAs", "aggregatorCA", "serviceAccount",
      "apiServer", "controllerManager", "proxy", "scheduler", "discovery", "etcd", "coreDNS", "externalCloudProvider",
      "extraManifests", "extraManifestHeaders", "inlineManifests", "adminKubeconfig", "allowSchedulingOnControlPlanes",
      "allowSchedulingOnMasters");
  static final Set<String> MACHINE_TYPES = Set.of("controlplane", "worker", "init");

  private MachineConfigSchema() {}

  /** What is wrong with the documents, as messages; empty when they have the basic shape. */
  static List<String> check(List<Map<String, Object>> docs) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> d : docs) {
      if (ConfigDocs.isV1alpha1(d)) {
        unknown(d, TOP, "", out);
        if (d.get("machine") instanceof Map<?, ?> m) {
          unknown(m, MACHINE, "machine.", out);
          if (!MACHINE_TYPES.contains(String.valueOf(m.get("type")))) {
            out.add("machine.type must be controlplane or worker, not '" + m.get("type") + "'");
          }
        }
        if (d.get("cluster") instanceof Map<?, ?> c) {
          unknown(c, CLUSTER, "cluster.", out);
        }
      } else if (!KINDS.contains(String.valueOf(d.get("kind")))) {
        out.add("document kind '" + d.get("kind") + "' is not a Talos machine config document");
      } else if (!"v1alpha1".equals(d.get("apiVersion"))) {
        out.add("document " + ConfigDocs.identity(d) + " must have apiVersion: v1alpha1");
      }
    }
    return out;
  }

  private static void unknown(Map<?, ?> m, Set<String> known, String prefix, List<String> out) {
    for (Object k : m.keySet()) {
      if (!known.contains(String.valueOf(k))) {
        out.add("unknown machine config field " + prefix + k + " (Talos decodes strictly and would refuse it)");
      }
    }
  }
}
