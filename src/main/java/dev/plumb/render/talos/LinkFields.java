package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The link fields talhelper copies from a legacy device or VLAN into a LinkConfig, BondConfig,
 * BridgeConfig, WireguardConfig or VLANConfig (budimanjojo/talhelper pkg/talos/networkconfig.go,
 * addCommonLinkConfig and buildRouteConfig): {@code mtu} when above 0; {@code addresses} as
 * prefixes, a bare address getting /32 or /128, an unparsable one dropped; {@code routes} with the
 * destination left out for a default route ({@code 0.0.0.0/0}, {@code ::/0} or no {@code network}),
 * gateway and source when they parse, metric and mtu when above 0. Never {@code up}.
 */
final class LinkFields {
  private LinkFields() {}

  /** True when the device sets any of addresses, routes or mtu: talhelper's test for a LinkConfig. */
  static boolean any(Map<String, Object> dev) {
    return !GoFields.list(dev, "addresses").isEmpty() || !GoFields.list(dev, "routes").isEmpty()
        || GoFields.num(dev, "mtu") > 0;
  }

  /** Adds mtu, addresses and routes of {@code dev} to {@code doc}, in Talos's field order. */
  static void copy(Map<String, Object> dev, Map<String, Object> doc) {
    long mtu = GoFields.num(dev, "mtu");
    if (mtu > 0) {
      doc.put("mtu", mtu);
    }
    List<Object> addrs = new ArrayList<>();
    for (String a : GoFields.strings(dev, "addresses")) {
      address(a).ifPresent(p -> addrs.add(GeneratedDocs.fields("address", p)));
    }
    if (!addrs.isEmpty()) {
      doc.put("addresses", addrs);
    }
    List<Object> routes = new ArrayList<>();
    for (Map<String, Object> r : GoFields.objs(dev, "routes")) {
      route(r).ifPresent(routes::add);
    }
    if (!routes.isEmpty()) {
      doc.put("routes", routes);
    }
  }

  /** A static address as a prefix: {@code 10.0.0.1} becomes {@code 10.0.0.1/32}, {@code fd00::1} {@code fd00::1/128}. */
  static Optional<String> address(String a) {
    Optional<String> p = IpText.prefix(a);
    if (p.isPresent() || a.contains("/")) {
      return p;
    }
    // netip.PrefixFrom drops a zone
    return IpText.addr(a).map(ip -> ip.replaceFirst("%.*$", "")).map(ip -> ip + (ip.contains(":") ? "/128" : "/32"));
  }

  /** One route, or empty when its network does not parse (talhelper skips it). */
  static Optional<Map<String, Object>> route(Map<String, Object> r) {
    Map<String, Object> out = new LinkedHashMap<>();
    String network = GoFields.str(r, "network");
    if (!network.isEmpty()) {
      Optional<String> dst = IpText.prefix(network);
      if (dst.isEmpty()) {
        return Optional.empty();
      }
      if (!dst.get().equals("0.0.0.0/0") && !dst.get().equals("::/0")) {
        out.put("destination", dst.get());
      }
    }
    IpText.addr(GoFields.str(r, "gateway")).ifPresent(g -> out.put("gateway", g));
    IpText.addr(GoFields.str(r, "source")).ifPresent(s -> out.put("source", s));
    long metric = GoFields.num(r, "metric");
    if (metric > 0) {
      out.put("metric", metric);
    }
    long mtu = GoFields.num(r, "mtu");
    if (mtu > 0) {
      out.put("mtu", mtu);
    }
    return Optional.of(out);
  }
}
