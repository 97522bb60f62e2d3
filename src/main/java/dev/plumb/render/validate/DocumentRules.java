package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.num;
import static dev.plumb.render.validate.Tree.present;
import static dev.plumb.render.validate.Tree.str;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Validate methods of the multi-document network kinds (siderolabs/talos
 * pkg/machinery/config/types/network/*.go: hostname.go, layer2_vip.go, link.go, bond.go, vlan.go,
 * dhcp4.go, dhcp6.go, ...). None of them requires the links a document names to be defined by
 * another document: a Layer2VIPConfig, VLANConfig, DHCP or bond member may name a physical link.
 */
final class DocumentRules {
  /** Kinds that configure one link each and share CommonLinkConfig. */
  static final Set<String> LINK_KINDS = Set.of("LinkConfig", "BondConfig", "BridgeConfig", "DummyLinkConfig",
      "VLANConfig", "VRFConfig", "WireguardConfig");
  private static final Set<String> NAMED = Set.of("DHCPv4Config", "DHCPv6Config", "LinkAliasConfig",
      "HCloudVIPConfig");

  private DocumentRules() {}

  static void check(Map<String, Object> doc, List<Finding> out) {
    String kind = str(doc, "kind");
    String id = DocId.of(doc);
    if (kind.equals("HostnameConfig")) {
      hostname(doc, id, out);
    } else if (kind.equals("Layer2VIPConfig")) {
      named(doc, id, out);
      String name = str(doc, "name");
      if (!name.isEmpty() && !Net.isIp(name)) {
        out.add(new Finding(id, "name",
            "name must be a valid IP address: ParseAddr(\"" + name + "\"): unable to parse IP"));
      }
      if (str(doc, "link").isEmpty()) {
        out.add(new Finding(id, "link", "link must be specified"));
      }
    } else if (LINK_KINDS.contains(kind)) {
      named(doc, id, out);
      link(doc, kind, id, out);
    } else if (NAMED.contains(kind)) {
      named(doc, id, out);
    }
  }

  private static void hostname(Map<String, Object> doc, String id, List<Finding> out) {
    String auto = str(doc, "auto");
    String host = str(doc, "hostname");
    boolean off = auto.isEmpty() || auto.equals("off");
    if (off && host.isEmpty()) {
      out.add(new Finding(id, "", "either 'auto' or 'hostname' must be set"));
    }
    if (!off && !host.isEmpty()) {
      out.add(new Finding(id, "", "'auto' and 'hostname' cannot be set at the same time"));
    }
    if (!host.isEmpty()) {
      if (host.length() > 253) {
        out.add(new Finding(id, "hostname", "fqdn is too long: " + host.length()));
      }
      String first = host.split("\\.", -1)[0];
      if (first.isEmpty() || first.length() > 63) {
        out.add(new Finding(id, "hostname", "invalid hostname \"" + first + "\""));
      }
    }
  }

  private static void named(Map<String, Object> doc, String id, List<Finding> out) {
    if (str(doc, "name").isEmpty()) {
      out.add(new Finding(id, "name", "name must be specified"));
    }
  }

  private static void link(Map<String, Object> doc, String kind, String id, List<Finding> out) {
    if (kind.equals("BondConfig")) {
      if (list(doc, "links").isEmpty()) {
        out.add(new Finding(id, "links", "at least one link must be specified"));
      }
      if (!present(doc, "bondMode")) {
        out.add(new Finding(id, "bondMode", "bond mode must be specified"));
      }
    }
    if (kind.equals("VLANConfig")) {
      long vid = num(doc, "vlanID");
      if (vid == 0 || vid > 4094) {
        out.add(new Finding(id, "vlanID", "vlanID must be specified and between 1 and 4094"));
      }
      if (str(doc, "parent").isEmpty()) {
        out.add(new Finding(id, "parent", "parent must be specified"));
      }
    }
    common(doc, id, out);
  }

  /** CommonLinkConfig.Validate: addresses are prefixes, route endpoints are addresses, none unspecified. */
  private static void common(Map<String, Object> doc, String id, List<Finding> out) {
    List<?> addrs = list(doc, "addresses");
    for (int i = 0; i < addrs.size(); i++) {
      String a = str(addrs.get(i), "address");
      if (a.isEmpty()) {
        out.add(new Finding(id, "addresses[" + i + "]", "address " + i + " must be specified"));
      } else if (!Net.isPrefix(a)) {
        out.add(new Finding(id, "addresses[" + i + "].address", "address " + i + " must be a valid IP prefix"));
      } else if (Net.isUnspecified(a.substring(0, a.indexOf('/')))) {
        out.add(new Finding(id, "addresses[" + i + "].address", "address " + i + " must be a valid IP address"));
      }
    }
    List<?> routes = list(doc, "routes");
    for (int i = 0; i < routes.size(); i++) {
      Object r = routes.get(i);
      String dst = str(r, "destination");
      // an unspecified destination (0.0.0.0/0) is refused: a default route omits the destination
      if (!dst.isEmpty() && (!Net.isPrefix(dst) || Net.isUnspecified(dst.substring(0, dst.indexOf('/'))))) {
        out.add(new Finding(id, "routes[" + i + "].destination",
            "route " + i + " destination must be a valid IP prefix"));
      }
      for (String k : List.of("gateway", "source")) {
        String v = str(r, k);
        if (!v.isEmpty() && (!Net.isIp(v) || Net.isUnspecified(v))) {
          out.add(new Finding(id, "routes[" + i + "]." + k, "route " + i + " " + k + " must be a valid IP address"));
        }
      }
    }
  }
}
