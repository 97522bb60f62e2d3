package dev.plumb.render.talos;

import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * talhelper's {@code ingressFirewall} as Talos documents (budimanjojo/talhelper
 * pkg/talos/networkconfig.go, GenerateNetworkConfigBytes): one NetworkDefaultActionConfig whose
 * {@code ingress} is {@code defaultAction} (Talos's zero value {@code accept} when omitted), then one
 * NetworkRuleConfig per rule with its name, portSelector and ingress. Values are written as Talos
 * writes its types: a port range {@code "80-80"} or {@code "443"} as a number, others as
 * {@code lo-hi} (siderolabs/talos pkg/machinery/config/types/network/port_range.go); subnets as prefixes.
 */
final class FirewallDocs {
  private FirewallDocs() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(YNode firewall) {
    List<Map<String, Object>> docs = new ArrayList<>();
    Map<String, Object> fw = YValues.toJava(firewall) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, Object> def = GeneratedDocs.doc("NetworkDefaultActionConfig", null);
    Object action = fw.get("defaultAction");
    def.put("ingress", action == null ? "accept" : String.valueOf(action).toLowerCase(java.util.Locale.ROOT));
    docs.add(def);
    if (fw.get("rules") instanceof List<?> rules) {
      for (Object r : rules) {
        docs.add(rule(r instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of()));
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> rule(Map<String, Object> r) {
    Map<String, Object> d = GeneratedDocs.doc("NetworkRuleConfig", String.valueOf(r.getOrDefault("name", "")));
    if (r.get("portSelector") instanceof Map<?, ?> ps) {
      Map<String, Object> sel = new LinkedHashMap<>((Map<String, Object>) ps);
      if (sel.get("ports") instanceof List<?> ports) {
        List<Object> out = new ArrayList<>();
        ports.forEach(p -> out.add(port(p)));
        sel.put("ports", out);
      }
      d.put("portSelector", sel);
    }
    if (r.get("ingress") instanceof List<?> ingress) {
      List<Object> out = new ArrayList<>();
      for (Object i : ingress) {
        Map<String, Object> rule = new LinkedHashMap<>(i instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of());
        for (String k : List.of("subnet", "except")) {
          if (rule.get(k) != null) {
            rule.put(k, IpText.prefix(String.valueOf(rule.get(k))).orElse(String.valueOf(rule.get(k))));
          }
        }
        out.add(rule);
      }
      d.put("ingress", out);
    }
    return d;
  }

  /** A PortRange as Talos marshals it: the number when lo == hi, else {@code lo-hi}. */
  private static Object port(Object p) {
    String s = String.valueOf(p);
    String[] parts = s.split("-", -1);
    try {
      long lo = Long.parseLong(parts[0].strip());
      long hi = parts.length == 2 ? Long.parseLong(parts[1].strip()) : lo;
      return lo == hi ? (Object) lo : lo + "-" + hi;
    } catch (NumberFormatException e) {
      return p; // validation reports it
    }
  }
}
