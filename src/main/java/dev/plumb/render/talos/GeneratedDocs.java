package dev.plumb.render.talos;

import static dev.plumb.render.talos.ConfigGenerator.asMap;
import static dev.plumb.render.talos.ConfigGenerator.map;

import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents talhelper adds before patching (reference/talhelper.md §5.3): firewall, extension
 * services, volumes and user volumes for every version; for Talos 1.12+ the ResolverConfig, the
 * HostnameConfig and the network documents translated from {@code networkInterfaces}.
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
    firewall(docs);
    named(docs, "extensionServices", "ExtensionServiceConfig");
    named(docs, "volumes", "VolumeConfig");
    named(docs, "userVolumes", "UserVolumeConfig");
    if (contract.multidocNetwork()) {
      resolver(docs);
      hostname(docs);
      node.get("networkInterfaces").ifPresent(n -> docs.addAll(new NetworkDocs((List<?>) YValues.toJava(n)).documents()));
    }
    return docs;
  }

  static Map<String, Object> doc(String kind, String name) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("apiVersion", "v1alpha1");
    d.put("kind", kind);
    if (name != null) {
      d.put("name", name);
    }
    return d;
  }

  private void firewall(List<Map<String, Object>> docs) {
    node.get("ingressFirewall").ifPresent(n -> {
      Map<String, Object> fw = asMap(YValues.toJava(n));
      Map<String, Object> def = doc("NetworkDefaultActionConfig", null);
      def.put("ingress", fw.getOrDefault("defaultAction", "accept"));
      docs.add(def);
      if (fw.get("rules") instanceof List<?> rules) {
        for (Object r : rules) {
          Map<String, Object> rule = asMap(r);
          Map<String, Object> d = doc("NetworkRuleConfig", String.valueOf(rule.get("name")));
          rule.forEach((k, v) -> {
            if (!k.equals("name")) {
              d.put(k, v);
            }
          });
          docs.add(d);
        }
      }
    });
  }

  private void named(List<Map<String, Object>> docs, String field, String kind) {
    node.get(field).ifPresent(n -> {
      if (YValues.toJava(n) instanceof List<?> items) {
        for (Object o : items) {
          Map<String, Object> item = asMap(o);
          Map<String, Object> d = doc(kind, String.valueOf(item.get("name")));
          item.forEach((k, v) -> {
            if (!k.equals("name")) {
              d.put(k, v);
            }
          });
          docs.add(d);
        }
      }
    });
  }

  private void resolver(List<Map<String, Object>> docs) {
    var ns = node.get("nameservers");
    boolean disable = node.get("disableSearchDomain").map(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool()))
        .orElse(false);
    if (ns.isEmpty() && !disable) {
      return;
    }
    Map<String, Object> d = doc("ResolverConfig", null);
    if (ns.isPresent()) {
      List<Object> servers = new ArrayList<>();
      for (Object a : (List<?>) YValues.toJava(ns.get())) {
        servers.add(map("address", a));
      }
      d.put("nameservers", servers);
    }
    if (disable) {
      d.put("searchDomains", map("disableDefault", true));
    }
    docs.add(d);
  }

  private void hostname(List<Map<String, Object>> docs) {
    Map<String, Object> d = doc("HostnameConfig", null);
    boolean ignore = node.get("ignoreHostname").map(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool()))
        .orElse(false);
    if (ignore) {
      d.put("auto", "stable");
    } else {
      d.put("hostname", node.hostname());
      d.put("auto", "off");
    }
    docs.add(d);
  }
}
