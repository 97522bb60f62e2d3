package dev.plumb.render.patch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Talos's typed merge (siderolabs/talos pkg/machinery/config/merge/merge.go) departs from its
 * defaults, for the versions plumb renders (1.8-1.13). Paths are dotted keys, "[]" marking a list item.
 *
 * <p>Fields tagged {@code merge:"replace"} are replaced whole (unless the patch leaves them unset):
 * v1alpha1_types.go tags ClusterNetworkConfig.PodSubnet/ServiceSubnet and APIServerConfig.
 * AuditPolicyConfig; network/rule_config.go tags RuleConfigV1Alpha1.Ingress and
 * RulePortSelector.Ports (since Talos 1.7, siderolabs/talos#8137). Lists with a custom Merge method
 * are merged by a key instead of appended: NetworkDeviceList by interface or device selector,
 * VlanList by vlanId, AdmissionPluginConfigList by name (v1alpha1_types.go) and the
 * ExtensionServiceConfig configFiles by mountPath.
 */
final class MergeRules {
  /** A field replaced on merge, from Talos minor version {@code since} on. */
  private record Replaced(String kind, String path, int since) {}

  /** A list merged by {@code key}. */
  private record Keyed(String kind, String path, String key) {}

  private static final List<Replaced> REPLACED = List.of(
      new Replaced("v1alpha1", "cluster.network.podSubnets", 0),
      new Replaced("v1alpha1", "cluster.network.serviceSubnets", 0),
      new Replaced("v1alpha1", "cluster.apiServer.auditPolicy", 0),
      new Replaced("NetworkRuleConfig", "ingress", 7),
      new Replaced("NetworkRuleConfig", "portSelector.ports", 7));

  private static final List<Keyed> KEYED = List.of(
      new Keyed("v1alpha1", "machine.network.interfaces", "interface"),
      new Keyed("v1alpha1", "machine.network.interfaces[].vlans", "vlanId"),
      new Keyed("v1alpha1", "cluster.apiServer.admissionControl", "name"),
      new Keyed("ExtensionServiceConfig", "configFiles", "mountPath"));

  private final int minor;

  MergeRules(int minor) {
    this.minor = minor;
  }

  /** Whether the field at {@code path} of a {@code kind} document is replaced rather than merged. */
  boolean replaced(String kind, String path) {
    if (minor >= 13 && path.matches(".*\\.extraArgs\\.[^.]+")) {
      return true; // 1.13 Args: a patched key's value (string or list) replaces the old one
    }
    return REPLACED.stream().anyMatch(r -> r.kind().equals(kind) && r.path().equals(path) && minor >= r.since());
  }

  /** The key a list is merged by, if it is. */
  Optional<String> listKey(String kind, String path) {
    return KEYED.stream().filter(k -> k.kind().equals(kind) && k.path().equals(path)).map(Keyed::key).findFirst();
  }

  /**
   * Whether a patch list item merges into an existing one. Talos compares the Go values: a missing
   * vlanId or name is 0 or "", and device selectors are compared as structs, whose {@code physical}
   * pointer is never equal between two documents (v1alpha1_types.go mergeDevice).
   */
  static boolean sameItem(String key, java.util.Map<?, ?> existing, java.util.Map<?, ?> item) {
    if (key.equals("interface")) {
      Object name = item.get("interface");
      if (name != null && !"".equals(name)) {
        return name.equals(existing.get("interface"));
      }
      Object sel = item.get("deviceSelector");
      Object other = existing.get("deviceSelector");
      return sel instanceof java.util.Map<?, ?> s && other instanceof java.util.Map<?, ?> o && s.equals(o)
          && !s.containsKey("physical");
    }
    if (key.equals("vlanId")) {
      return Objects.equals(number(existing.get(key)), number(item.get(key)));
    }
    return Objects.equals(Objects.toString(existing.get(key), ""), Objects.toString(item.get(key), ""));
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0L;
  }
}
