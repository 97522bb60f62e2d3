package dev.plumb.render.talos;

import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents that follow the v1alpha1 document before any patch, in their final order.
 *
 * <p>For Talos 1.12+, Talos's generator already emits a {@code HostnameConfig} (auto: stable) right
 * after v1alpha1 (siderolabs/talos pkg/machinery/config/generate/network.go). talhelper then applies
 * its own documents as one strategic-merge patch (budimanjojo/talhelper pkg/talos/multidocs.go,
 * AddMultiDocs): its HostnameConfig merges into that one in place, every other document is
 * appended in genMultiDocs order: ResolverConfig, firewall, ExtensionServiceConfig, VolumeConfig,
 * UserVolumeConfig, then the network documents of {@link NetworkDocs}.
 */
final class GeneratedDocs {
  private final TalosContract contract;
  private final TalNode node;

  GeneratedDocs(TalosContract contract, TalNode node) {
    this.contract = contract;
    this.node = node;
  }

  List<Map<String, Object>> documents() {
    List<Map<String, Object>> docs = new ArrayList<>();
    if (contract.multidocNetwork()) {
      docs.add(hostname());
      resolver().ifPresent(docs::add);
    }
    // a nil *IngressFirewall (absent or null) writes nothing; an empty one writes the default action
    node.get("ingressFirewall").filter(n -> !(n instanceof YScalar s && s.isNull()))
        .ifPresent(n -> docs.addAll(FirewallDocs.documents(n)));
    named(docs, "extensionServices", "ExtensionServiceConfig", List.of("configFiles", "environment"));
    named(docs, "volumes", "VolumeConfig", List.of("provisioning", "encryption"));
    named(docs, "userVolumes", "UserVolumeConfig",
        List.of("volumeType", "provisioning", "filesystem", "encryption"));
    if (contract.multidocNetwork()) {
      node.get("networkInterfaces")
          .ifPresent(n -> docs.addAll(new NetworkDocs(n, node.path("networkInterfaces")).documents()));
    }
    return docs;
  }

  /** A typed document: apiVersion, kind and, for named kinds, name. */
  static Map<String, Object> doc(String kind, String name) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1alpha1");
    d.put("kind", kind);
    if (name != null) {
      d.put("name", name);
    }
    return d;
  }

  /** An ordered map from key, value pairs. */
  static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * The generated {@code auto: stable} merged with talhelper's: {@code auto: off} plus the hostname,
   * or left {@code auto: stable} under {@code ignoreHostname} (talhelper GenerateNetworkHostnameConfig).
   */
  private Map<String, Object> hostname() {
    Map<String, Object> d = doc("HostnameConfig", null);
    if (flag("ignoreHostname")) {
      d.put("auto", "stable");
    } else {
      d.put("auto", "off");
      d.put("hostname", node.hostname());
    }
    return d;
  }

  /**
   * A ResolverConfig when nameservers or disableSearchDomain is set; it always carries
   * {@code searchDomains.disableDefault}, false included (talhelper GenerateResolverConfig).
   */
  private Optional<Map<String, Object>> resolver() {
    List<Object> servers = new ArrayList<>();
    node.get("nameservers").map(GoFields::raw).filter(List.class::isInstance)
        .ifPresent(l -> ((List<?>) l).forEach(a -> IpText.addr(a instanceof YScalar s ? s.text() : "")
            .ifPresent(ip -> servers.add(fields("address", ip)))));
    boolean disable = flag("disableSearchDomain");
    if (servers.isEmpty() && !disable) {
      return Optional.empty();
    }
    Map<String, Object> d = doc("ResolverConfig", null);
    if (!servers.isEmpty()) {
      d.put("nameservers", servers);
    }
    d.put("searchDomains", fields("disableDefault", disable));
    return Optional.of(d);
  }

  private boolean flag(String key) {
    return node.get(key).map(n -> Boolean.TRUE.equals(GoFields.bool(n))).orElse(false);
  }

  /** One document per item of a list field: its name plus the fields talhelper copies, in that order. */
  private void named(List<Map<String, Object>> docs, String field, String kind, List<String> copied) {
    Optional<YNode> n = node.get(field);
    if (n.isEmpty() || !(YValues.toJava(n.get()) instanceof List<?> items)) {
      return;
    }
    for (Object o : items) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      Map<String, Object> d = doc(kind, String.valueOf(item.getOrDefault("name", "")));
      for (String k : copied) {
        if (item.get(k) != null) {
          d.put(k, item.get(k));
        }
      }
      docs.add(d);
    }
  }
}
