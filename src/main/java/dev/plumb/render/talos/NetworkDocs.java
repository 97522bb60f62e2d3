package dev.plumb.render.talos;

import static dev.plumb.render.talos.ConfigGenerator.asMap;
import static dev.plumb.render.talos.ConfigGenerator.map;
import static dev.plumb.render.talos.GeneratedDocs.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates talhelper's {@code networkInterfaces} (the pre-1.12 {@code machine.network.interfaces}
 * shape) into Talos 1.12+ network documents, one to one, as talhelper does: LinkAliasConfig for
 * device selectors, BondConfig, BridgeConfig, VLANConfig, WireguardConfig, LinkConfig,
 * DHCPv4Config/DHCPv6Config and Layer2VIPConfig.
 */
final class NetworkDocs {
  private final List<?> interfaces;
  private final List<Map<String, Object>> docs = new ArrayList<>();
  private int selectors;
  private int bonds;
  private int bridges;
  private int wireguards;

  NetworkDocs(List<?> interfaces) {
    this.interfaces = interfaces;
  }

  List<Map<String, Object>> documents() {
    for (Object o : interfaces) {
      device(asMap(o));
    }
    return docs;
  }

  private void device(Map<String, Object> dev) {
    String name = (String) dev.get("interface");
    Map<String, Object> link;
    if (dev.get("bond") instanceof Map<?, ?> b) {
      name = name != null ? name : "bond" + bonds++;
      link = bond(name, asMap(b));
    } else if (dev.get("bridge") instanceof Map<?, ?> b) {
      name = name != null ? name : "br" + bridges++;
      link = doc("BridgeConfig", name);
      link.put("links", asMap(b).getOrDefault("interfaces", List.of()));
    } else if (dev.get("wireguard") instanceof Map<?, ?> w) {
      name = name != null ? name : "wg" + wireguards++;
      link = doc("WireguardConfig", name);
      asMap(w).forEach(link::put);
    } else {
      if (dev.get("deviceSelector") instanceof Map<?, ?> sel) {
        name = name != null ? name : "ethSel" + selectors++;
        alias(name, asMap(sel));
      }
      link = doc("LinkConfig", name);
    }
    linkFields(link, dev);
    docs.add(link);
    dhcpAndVip(name, dev);
    if (dev.get("vlans") instanceof List<?> vlans) {
      for (Object v : vlans) {
        Map<String, Object> vlan = asMap(v);
        String vname = name + "." + vlan.get("vlanId");
        Map<String, Object> vd = doc("VLANConfig", vname);
        vd.put("vlanID", vlan.get("vlanId"));
        vd.put("parent", name);
        linkFields(vd, vlan);
        docs.add(vd);
        dhcpAndVip(vname, vlan);
      }
    }
  }

  private Map<String, Object> bond(String name, Map<String, Object> bond) {
    Map<String, Object> d = doc("BondConfig", name);
    List<Object> links = new ArrayList<>();
    if (bond.get("interfaces") instanceof List<?> l) {
      links.addAll(l);
    }
    if (bond.get("deviceSelectors") instanceof List<?> sels) {
      for (int i = 0; i < sels.size(); i++) {
        String member = name + "-m" + i;
        alias(member, asMap(sels.get(i)));
        links.add(member);
      }
    }
    d.put("links", links);
    bond.forEach((k, v) -> {
      if (!k.equals("interfaces") && !k.equals("deviceSelectors")) {
        d.put(k.equals("mode") ? "bondMode" : k, v);
      }
    });
    return d;
  }

  private void alias(String name, Map<String, Object> selector) {
    List<String> terms = new ArrayList<>();
    for (String[] f : new String[][] {{"hardwareAddr", "mac(link.hardware_addr)"},
        {"permanentAddr", "mac(link.permanent_addr)"}, {"busPath", "link.bus_path"}, {"driver", "link.driver"},
        {"pciID", "link.pci_id"}}) {
      Object v = selector.get(f[0]);
      if (v != null) {
        terms.add("glob(\"" + v + "\", " + f[1] + ")");
      }
    }
    if (Boolean.TRUE.equals(selector.get("physical"))) {
      terms.add("link.type == 1");
    }
    Map<String, Object> d = doc("LinkAliasConfig", name);
    d.put("selector", map("match", String.join(" && ", terms)));
    docs.add(d);
  }

  private static void linkFields(Map<String, Object> link, Map<String, Object> dev) {
    link.put("up", true);
    if (dev.get("mtu") != null) {
      link.put("mtu", dev.get("mtu"));
    }
    if (dev.get("addresses") instanceof List<?> addrs && !addrs.isEmpty()) {
      List<Object> out = new ArrayList<>();
      for (Object a : addrs) {
        String s = String.valueOf(a);
        out.add(map("address", s.contains("/") ? s : s + (s.contains(":") ? "/128" : "/32")));
      }
      link.put("addresses", out);
    }
    if (dev.get("routes") instanceof List<?> routes && !routes.isEmpty()) {
      List<Object> out = new ArrayList<>();
      for (Object r : routes) {
        Map<String, Object> route = asMap(r);
        Map<String, Object> nr = new java.util.LinkedHashMap<>();
        Object dst = route.get("network");
        if (dst != null && !"0.0.0.0/0".equals(dst) && !"::/0".equals(dst)) {
          nr.put("destination", dst);
        }
        for (String k : List.of("gateway", "source", "metric", "mtu")) {
          if (route.get(k) != null) {
            nr.put(k, route.get(k));
          }
        }
        out.add(nr);
      }
      link.put("routes", out);
    }
  }

  private void dhcpAndVip(String name, Map<String, Object> dev) {
    if (Boolean.TRUE.equals(dev.get("dhcp"))) {
      Map<String, Object> opts = asMap(dev.get("dhcpOptions"));
      boolean v4 = !Boolean.FALSE.equals(opts.getOrDefault("ipv4", true));
      boolean v6 = Boolean.TRUE.equals(opts.get("ipv6"));
      if (v4) {
        Map<String, Object> d = doc("DHCPv4Config", name);
        if (opts.get("routeMetric") != null) {
          d.put("routeMetric", opts.get("routeMetric"));
        }
        docs.add(d);
      }
      if (v6) {
        docs.add(doc("DHCPv6Config", name));
      }
    }
    if (dev.get("vip") instanceof Map<?, ?> vip && asMap(vip).get("ip") != null) {
      Map<String, Object> d = doc("Layer2VIPConfig", String.valueOf(asMap(vip).get("ip")));
      d.put("link", name);
      docs.add(d);
    }
  }
}
