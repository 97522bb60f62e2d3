package dev.plumb.render.talos;

import java.util.Map;
import java.util.Set;

/** The talconfig.yaml schema (talhelper v3, reference/talhelper.md §2): which keys exist where. */
final class TalSchema {
  private TalSchema() {}

  static final Set<String> TOP = Set.of("clusterName", "talosVersion", "kubernetesVersion", "endpoint",
      "domain", "allowSchedulingOnMasters", "allowSchedulingOnControlPlanes", "additionalMachineCertSans",
      "additionalApiServerCertSans", "clusterPodNets", "clusterSvcNets", "cniConfig", "patches",
      "inlineManifests", "imageFactory", "nodes", "controlPlane", "worker");

  static final Set<String> NODE_CONFIGS = Set.of("nodeLabels", "nodeAnnotations", "nodeTaints",
      "machineDisks", "machineFiles", "disableSearchDomain", "kernelModules", "nameservers",
      "networkInterfaces", "extraManifests", "certSANs", "patches", "talosImageURL", "noSchematicValidate",
      "schematic", "imageSchematic", "machineSpec", "ingressFirewall", "extensionServices", "volumes",
      "userVolumes", "filenameTmpl");

  static final Set<String> NODE_ONLY = Set.of("hostname", "ipAddress", "controlPlane", "installDisk",
      "installDiskSelector", "ignoreHostname", "overridePatches", "overrideExtraManifests",
      "overrideMachineCertSANs");

  /** Keys talhelper once had: what replaced them. */
  static final Map<String, String> LEGACY = Map.of(
      "configPatches", "configPatches was removed in talhelper v2.0.0: write the RFC 6902 operations as a"
          + " 'patches' entry instead",
      "inlinePatch", "inlinePatch was removed in talhelper v2.0.0: write the mapping as a strategic merge"
          + " 'patches' entry instead",
      "extensions", "nodes[].extensions was removed in talhelper v2.0.0: list the extensions under"
          + " schematic.customization.systemExtensions.officialExtensions",
      "isoSchematic", "isoSchematic was renamed imageSchematic in talhelper v3.0.15",
      "encryptedPatches", "encryptedPatches was removed in talhelper 2022: use SOPS-encrypted '@file' patches");

  static final Set<String> MACHINE_SPEC = Set.of("mode", "arch", "secureboot", "useUKI", "bootMethod", "imageSuffix");
}
