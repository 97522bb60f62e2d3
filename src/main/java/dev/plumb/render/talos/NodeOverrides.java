package dev.plumb.render.talos;

import static dev.plumb.render.talos.ConfigGenerator.asMap;

import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * talhelper's changes to the generated v1alpha1 document of one node (budimanjojo/talhelper
 * pkg/talos/nodeconfig.go GenerateNodeConfig and applyNodeOverride, pkg/generate/config.go):
 * maps and lists given on the node <em>replace</em> the generated ones (so node {@code nodeLabels}
 * drop the control-plane exclude-from-external-load-balancers label), {@code certSANs} are
 * appended, and the legacy aescbc secret and the talconfig inlineManifests go to every node.
 */
final class NodeOverrides {
  private final TalConfig cfg;
  private final SecretsBundle secrets;
  private final TalosContract contract;
  private final TalNode node;

  NodeOverrides(TalConfig cfg, SecretsBundle secrets, TalosContract contract, TalNode node) {
    this.cfg = cfg;
    this.secrets = secrets;
    this.contract = contract;
    this.node = node;
  }

  void apply(Map<String, Object> v1) {
    Map<String, Object> machine = asMap(v1.get("machine"));
    Map<String, Object> cluster = asMap(v1.get("cluster"));
    // talhelper issue #81: a bundle from before secretbox keeps its aescbc key, on every node
    if (!secrets.get("secrets.aescbcencryptionsecret").isEmpty()) {
      cluster.put("aescbcEncryptionSecret", secrets.get("secrets.aescbcencryptionsecret"));
    }
    if (!contract.multidocNetwork()) {
      legacyNetwork(machine);
    }
    install(asMap(machine.get("install")));
    node.get("machineDisks").filter(NodeOverrides::nonEmptyList).ifPresent(n -> machine.put("disks", YValues.toJava(n)));
    node.get("kernelModules").filter(NodeOverrides::nonEmptyList)
        .ifPresent(n -> machine.put("kernel", ConfigGenerator.map("modules", YValues.toJava(n))));
    replaceMap(machine, "nodeAnnotations");
    replaceMap(machine, "nodeLabels");
    replaceMap(machine, "nodeTaints");
    node.get("machineFiles").filter(NodeOverrides::nonEmptyList).ifPresent(n -> machine.put("files", files(n)));
    node.get("certSANs").filter(NodeOverrides::nonEmptyList).ifPresent(n -> {
      List<Object> sans = new ArrayList<>((List<?>) machine.get("certSANs"));
      sans.addAll(ConfigGenerator.stringList(n));
      machine.put("certSANs", sans);
    });
    asMap(machine.get("install")).put("image", Installer.image(cfg, node, contract));
    cfg.root().get("inlineManifests").filter(NodeOverrides::nonEmptyList)
        .ifPresent(n -> cluster.put("inlineManifests", YValues.toJava(n)));
    // keys in Talos's struct order, so the output reads like Talos's before the encoder sorts it
    reorder(asMap(machine.get("install")), INSTALL);
    reorder(asMap(machine.get("network")), NETWORK);
    reorder(machine, MACHINE);
    reorder(cluster, CLUSTER);
  }

  private static final List<String> MACHINE = List.of("type", "token", "ca", "acceptedCAs", "certSANs", "controlPlane",
      "kubelet", "pods", "network", "disks", "install", "files", "env", "time", "sysctls", "sysfs", "registries",
      "systemDiskEncryption", "features", "udev", "logging", "kernel", "seccompProfiles", "baseRuntimeSpecOverrides",
      "nodeLabels", "nodeAnnotations", "nodeTaints");
  private static final List<String> CLUSTER = List.of("id", "secret", "controlPlane", "clusterName", "network", "token",
      "aescbcEncryptionSecret", "secretboxEncryptionSecret", "ca", "acceptedCAs", "aggregatorCA", "serviceAccount",
      "apiServer", "controllerManager", "proxy", "scheduler", "discovery", "etcd", "coreDNS", "externalCloudProvider",
      "extraManifests", "extraManifestHeaders", "inlineManifests", "adminKubeconfig", "allowSchedulingOnControlPlanes");
  private static final List<String> INSTALL = List.of("disk", "diskSelector", "extraKernelArgs", "image", "extensions",
      "wipe", "legacyBIOSSupport", "grubUseUKICmdline");
  private static final List<String> NETWORK = List.of("hostname", "interfaces", "nameservers", "searchDomains",
      "extraHostEntries", "kubespan", "disableSearchDomain");

  private static void reorder(Map<String, Object> m, List<String> order) {
    if (m.isEmpty()) {
      return;
    }
    Map<String, Object> copy = new LinkedHashMap<>(m);
    m.clear();
    for (String k : order) {
      if (copy.containsKey(k)) {
        m.put(k, copy.remove(k));
      }
    }
    m.putAll(copy);
  }

  /** Talos before 1.12: hostname (unless ignoreHostname), nameservers, disableSearchDomain, interfaces. */
  private void legacyNetwork(Map<String, Object> machine) {
    Map<String, Object> net = new LinkedHashMap<>(asMap(machine.get("network")));
    if (!flag("ignoreHostname")) {
      net.put("hostname", node.hostname());
    }
    node.get("nameservers").filter(NodeOverrides::nonEmptyList).ifPresent(n -> net.put("nameservers", YValues.toJava(n)));
    if (flag("disableSearchDomain")) {
      net.put("disableSearchDomain", true);
    }
    node.get("networkInterfaces").filter(NodeOverrides::nonEmptyList)
        .ifPresent(n -> net.put("interfaces", YValues.toJava(n)));
    machine.put("network", net);
  }

  private void install(Map<String, Object> install) {
    node.string("installDisk").filter(d -> !d.isEmpty()).ifPresent(d -> install.put("disk", d));
    node.get("installDiskSelector").filter(n -> n instanceof YMap)
        .ifPresent(n -> install.put("diskSelector", YValues.toJava(n)));
    Map<String, Object> spec = node.get("machineSpec").map(n -> asMap(YValues.toJava(n))).orElse(Map.of());
    // talhelper #1000 and #1341: no install kernel args with UKI, nor where grubUseUKICmdline is the default
    List<Object> args = schematicKernelArgs();
    if (!args.isEmpty() && !Boolean.TRUE.equals(spec.get("useUKI")) && !contract.grubUseUkiCmdline()) {
      install.put("extraKernelArgs", args);
    }
  }

  private List<Object> schematicKernelArgs() {
    Object s = node.get("schematic").map(YValues::toJava).orElse(null);
    if (asMap(s).get("customization") instanceof Map<?, ?> c && c.get("extraKernelArgs") instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of();
  }

  /** A map given on the node replaces the generated one; values are strings as in talhelper's map[string]string. */
  private void replaceMap(Map<String, Object> machine, String field) {
    node.get(field).filter(n -> n instanceof YMap).ifPresent(n -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, YNode> e : ((YMap) n).entries().entrySet()) {
        out.put(e.getKey(), e.getValue() instanceof YScalar s && !s.isNull() ? s.text() : "");
      }
      if (out.isEmpty()) {
        machine.remove(field);
      } else {
        machine.put(field, out);
      }
    });
  }

  private static List<Object> files(YNode n) {
    List<Object> out = new ArrayList<>();
    for (Object o : (List<?>) YValues.toJava(n)) {
      Map<String, Object> f = new LinkedHashMap<>(asMap(o));
      f.remove("skipEnvsubst");
      out.add(f);
    }
    return out;
  }

  private boolean flag(String key) {
    return node.get(key).map(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool())).orElse(false);
  }

  /** talhelper's {@code len(x) > 0}: a missing or empty list changes nothing. */
  private static boolean nonEmptyList(YNode n) {
    return YValues.toJava(n) instanceof List<?> l && !l.isEmpty();
  }
}
