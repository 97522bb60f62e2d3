package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One legacy device (or VLAN) as the Talos 1.12+ documents talhelper writes for it, field by
 * field (budimanjojo/talhelper pkg/talos/networkconfig.go): LinkConfig, BridgeConfig,
 * WireguardConfig, VLANConfig, DHCPv4Config/DHCPv6Config and Layer2VIPConfig. Which devices get
 * which document, and in what order, is {@link NetworkDocs}'s job.
 */
final class LinkDocs {
  private LinkDocs() {}

  /** LinkConfig: name plus mtu/addresses/routes; never {@code up}. */
  static Map<String, Object> link(String name, Map<String, Object> dev) {
    Map<String, Object> d = GeneratedDocs.doc("LinkConfig", name);
    LinkFields.copy(dev, d);
    return d;
  }

  /** BridgeConfig: links from {@code interfaces}, {@code stp.enabled} and {@code vlan.vlanFiltering} when set. */
  static Map<String, Object> bridge(String name, Map<String, Object> dev) {
    Map<String, Object> bridge = GoFields.obj(dev, "bridge");
    Map<String, Object> d = GeneratedDocs.doc("BridgeConfig", name);
    List<String> links = GoFields.strings(bridge, "interfaces");
    if (!links.isEmpty()) {
      d.put("links", new ArrayList<>(links));
    }
    Map<String, Object> stp = GoFields.obj(bridge, "stp");
    if (stp != null && GoFields.bool(stp, "enabled") != null) {
      d.put("stp", GeneratedDocs.fields("enabled", GoFields.bool(stp, "enabled")));
    }
    // talhelper#1577: vlan.vlanFiltering is carried over as vlan.filtering
    Map<String, Object> vlan = GoFields.obj(bridge, "vlan");
    if (vlan != null && GoFields.bool(vlan, "vlanFiltering") != null) {
      d.put("vlan", GeneratedDocs.fields("filtering", GoFields.bool(vlan, "vlanFiltering")));
    }
    LinkFields.copy(dev, d);
    return d;
  }

  /** WireguardConfig: keys, port, mark and peers; an endpoint that is not {@code ip:port} is dropped. */
  static Map<String, Object> wireguard(String name, Map<String, Object> dev) {
    Map<String, Object> wg = GoFields.obj(dev, "wireguard");
    Map<String, Object> d = GeneratedDocs.doc("WireguardConfig", name);
    putIf(d, "privateKey", GoFields.str(wg, "privateKey"));
    putIf(d, "listenPort", GoFields.num(wg, "listenPort"));
    putIf(d, "firewallMark", GoFields.num(wg, "firewallMark"));
    List<Object> peers = new ArrayList<>();
    for (Map<String, Object> p : GoFields.objs(wg, "peers")) {
      Map<String, Object> peer = new LinkedHashMap<>();
      putIf(peer, "publicKey", GoFields.str(p, "publicKey"));
      IpText.addrPort(GoFields.str(p, "endpoint")).ifPresent(e -> peer.put("endpoint", e));
      GoDuration.parse(GoFields.str(p, "persistentKeepaliveInterval")).filter(n -> n > 0)
          .ifPresent(n -> peer.put("persistentKeepaliveInterval", GoDuration.format(n)));
      List<Object> allowed = new ArrayList<>();
      GoFields.strings(p, "allowedIPs").forEach(a -> IpText.prefix(a).ifPresent(allowed::add));
      if (!allowed.isEmpty()) {
        peer.put("allowedIPs", allowed);
      }
      peers.add(peer);
    }
    if (!peers.isEmpty()) {
      d.put("peers", peers);
    }
    LinkFields.copy(dev, d);
    return d;
  }

  /** VLANConfig {@code <parent>.<vlanId>} on {@code parent}, with the VLAN's own mtu/addresses/routes. */
  static Map<String, Object> vlan(String parent, Map<String, Object> vlan) {
    long id = GoFields.num(vlan, "vlanId");
    Map<String, Object> d = GeneratedDocs.doc("VLANConfig", parent + "." + id);
    d.put("vlanID", id);
    d.put("parent", parent);
    LinkFields.copy(vlan, d);
    return d;
  }

  /**
   * DHCPv4Config unless {@code dhcpOptions.ipv4: false}, DHCPv6Config when {@code ipv6: true}, both
   * with {@code routeMetric} when above 0 (talhelper generateDHCPConfigs); nothing unless {@code dhcp: true}.
   */
  static List<Map<String, Object>> dhcp(String name, Map<String, Object> dev) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Boolean.TRUE.equals(GoFields.bool(dev, "dhcp"))) {
      return out;
    }
    Map<String, Object> opts = GoFields.obj(dev, "dhcpOptions");
    Map<String, Object> o = opts == null ? Map.of() : opts;
    long metric = GoFields.num(o, "routeMetric");
    if (!Boolean.FALSE.equals(GoFields.bool(o, "ipv4"))) {
      out.add(GeneratedDocs.doc("DHCPv4Config", name));
    }
    if (Boolean.TRUE.equals(GoFields.bool(o, "ipv6"))) {
      out.add(GeneratedDocs.doc("DHCPv6Config", name));
    }
    out.forEach(d -> putIf(d, "routeMetric", metric));
    return out;
  }

  /** Layer2VIPConfig named by {@code vip.ip} (as written) on the link, or null without one. */
  static Map<String, Object> vip(String link, Map<String, Object> dev) {
    Map<String, Object> vip = GoFields.obj(dev, "vip");
    if (vip == null || GoFields.str(vip, "ip").isEmpty()) {
      return null;
    }
    Map<String, Object> d = GeneratedDocs.doc("Layer2VIPConfig", GoFields.str(vip, "ip"));
    d.put("link", link);
    return d;
  }

  private static void putIf(Map<String, Object> d, String key, Object v) {
    if (v instanceof String s && !s.isEmpty() || v instanceof Long l && l > 0) {
      d.put(key, v);
    }
  }
}
