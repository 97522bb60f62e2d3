package dev.plumb.render.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Talos's published JSON schema does not say about the Go structs behind it, read from
 * siderolabs/talos pkg/machinery/config/types/v1alpha1/v1alpha1_types.go (the yaml struct tags of
 * the machinery talhelper links): the full field order of structs whose deprecated fields the schema
 * leaves out, the shape of those legacy fields, which fields have no {@code omitempty} (Talos writes
 * their zero value), the one value-typed bool, FileMode fields, and the kind names the schema spells
 * differently from the code.
 */
final class GoStructs {
  private GoStructs() {}

  /** Go struct field order where the schema omits deprecated fields (v1alpha1_types.go). */
  static final Map<String, List<String>> ORDER = Map.of(
      "v1alpha1.Config", List.of("version", "debug", "persist", "machine", "cluster"),
      "v1alpha1.MachineConfig", List.of("type", "token", "ca", "acceptedCAs", "certSANs", "controlPlane", "kubelet",
          "pods", "network", "disks", "install", "files", "env", "time", "sysctls", "sysfs", "registries",
          "systemDiskEncryption", "features", "udev", "logging", "kernel", "seccompProfiles",
          "baseRuntimeSpecOverrides", "nodeLabels", "nodeAnnotations", "nodeTaints"),
      "v1alpha1.ClusterConfig", List.of("id", "secret", "controlPlane", "clusterName", "network", "token",
          "aescbcEncryptionSecret", "secretboxEncryptionSecret", "ca", "acceptedCAs", "aggregatorCA", "serviceAccount",
          "apiServer", "controllerManager", "proxy", "scheduler", "discovery", "etcd", "coreDNS",
          "externalCloudProvider", "extraManifests", "extraManifestHeaders", "inlineManifests", "adminKubeconfig",
          "allowSchedulingOnMasters", "allowSchedulingOnControlPlanes"),
      "v1alpha1.InstallConfig", List.of("disk", "diskSelector", "extraKernelArgs", "image", "extensions",
          "bootloader", "wipe", "legacyBIOSSupport", "grubUseUKICmdline"),
      "v1alpha1.FeaturesConfig", List.of("rbac", "stableHostname", "kubernetesTalosAPIAccess",
          "apidCheckExtKeyUsage", "diskQuotaSupport", "kubePrism", "hostDNS", "imageCache",
          "nodeAddressSortAlgorithm"));

  /** Legacy fields no schema version describes, as "def.field" to a shape name (see {@link Shapes}). */
  static final Map<String, String> LEGACY = Map.of(
      "v1alpha1.Config.persist", "boolean",
      "v1alpha1.ClusterConfig.allowSchedulingOnMasters", "boolean",
      "v1alpha1.InstallConfig.bootloader", "boolean");

  /**
   * Fields without {@code omitempty}: yaml.Marshal writes them even when zero ({@code certSANs: []},
   * {@code permissions: 0o0}, {@code routeMetric: 0}). Every other v1alpha1 field is omitempty.
   */
  static final Set<String> ALWAYS = Set.of(
      "v1alpha1.Config.version", "v1alpha1.Config.machine", "v1alpha1.Config.cluster",
      "v1alpha1.MachineConfig.type", "v1alpha1.MachineConfig.token", "v1alpha1.MachineConfig.certSANs",
      "v1alpha1.MachineSeccompProfile.name", "v1alpha1.MachineSeccompProfile.value",
      "v1alpha1.ClusterConfig.controlPlane",
      "v1alpha1.LinuxIDMapping.containerID", "v1alpha1.LinuxIDMapping.hostID", "v1alpha1.LinuxIDMapping.size",
      "v1alpha1.ExtraMount.destination", "v1alpha1.InstallConfig.wipe", "v1alpha1.InstallExtensionConfig.image",
      "v1alpha1.ControlPlaneConfig.endpoint", "v1alpha1.AdmissionPluginConfig.name",
      "v1alpha1.AdmissionPluginConfig.configuration", "v1alpha1.AuthorizationConfigAuthorizerConfig.type",
      "v1alpha1.AuthorizationConfigAuthorizerConfig.name", "v1alpha1.EtcdConfig.ca",
      "v1alpha1.ClusterNetworkConfig.dnsDomain", "v1alpha1.ClusterNetworkConfig.podSubnets",
      "v1alpha1.ClusterNetworkConfig.serviceSubnets", "v1alpha1.EncryptionConfig.provider",
      "v1alpha1.EncryptionConfig.keys", "v1alpha1.EncryptionKey.slot", "v1alpha1.EncryptionKeyKMS.endpoint",
      "v1alpha1.MachineFile.content", "v1alpha1.MachineFile.permissions", "v1alpha1.MachineFile.path",
      "v1alpha1.MachineFile.op", "v1alpha1.ExtraHost.ip", "v1alpha1.ExtraHost.aliases",
      "v1alpha1.DHCPOptions.routeMetric", "v1alpha1.VIPEquinixMetalConfig.apiToken",
      "v1alpha1.VIPHCloudConfig.apiToken", "v1alpha1.Bond.interfaces", "v1alpha1.Bond.mode",
      "v1alpha1.Bridge.interfaces", "v1alpha1.Vlan.routes", "v1alpha1.Vlan.vlanId", "v1alpha1.Route.network",
      "v1alpha1.Route.gateway", "v1alpha1.RegistryMirrorConfig.endpoints", "v1alpha1.VolumeMountConfig.hostPath",
      "v1alpha1.VolumeMountConfig.mountPath", "v1alpha1.ClusterInlineManifest.name",
      "v1alpha1.ClusterInlineManifest.contents", "v1alpha1.ClusterDiscoveryConfig.registries",
      "v1alpha1.DiscoveryRegistriesConfig.kubernetes", "v1alpha1.DiscoveryRegistriesConfig.service",
      "v1alpha1.LoggingConfig.destinations", "v1alpha1.LoggingDestination.endpoint",
      "v1alpha1.LoggingDestination.format", "v1alpha1.KernelModuleConfig.name");

  /** Omitempty fields whose Go type is a value (not a pointer), so {@code false} is empty and dropped. */
  static final Set<String> VALUE_BOOLS = Set.of("v1alpha1.VolumeMountConfig.readonly");

  /** Non-pointer struct fields without omitempty: written as their zero struct when absent. */
  static final Set<String> VALUE_STRUCTS = Set.of("v1alpha1.ClusterDiscoveryConfig.registries",
      "v1alpha1.DiscoveryRegistriesConfig.kubernetes", "v1alpha1.DiscoveryRegistriesConfig.service");

  /** Fields of type FileMode, whose MarshalYAML writes {@code 0o} and the octal digits as an !!int. */
  static final Set<String> FILE_MODES = Set.of("v1alpha1.MachineFile.permissions");

  /** Defs the schema gives as objects but that marshal as a string (Endpoint is a URL). */
  static final Set<String> STRING_DEFS = Set.of("v1alpha1.Endpoint");

  /** Kind names as Talos registers them, to the name the schema uses for the same document. */
  static final Map<String, String> KIND_ALIASES = Map.of(
      "KubeSpanEndpointsConfig", "KubeSpanEndpoints", "UnattendedInstallConfig", "UnattendedInstall");
}
