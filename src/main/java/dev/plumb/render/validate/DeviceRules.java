package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.isTrue;
import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.map;
import static dev.plumb.render.validate.Tree.present;
import static dev.plumb.render.validate.Tree.str;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy {@code machine.network.interfaces} checks (siderolabs/talos v1alpha1_validation.go:
 * CheckDeviceInterface, CheckDeviceAddressing, CheckDeviceRoutes, checkVlans, and the
 * bond/bridge membership rules in Config.Validate). Bond option names are left to the schema.
 */
final class DeviceRules {
  private DeviceRules() {}

  /** A worker must not carry a VIP on any interface or VLAN. */
  static void workerVips(Object machine, List<Finding> out) {
    List<?> devices = list(machine, "network", "interfaces");
    for (int i = 0; i < devices.size(); i++) {
      boolean vip = present(devices.get(i), "vip");
      for (Object vlan : list(devices.get(i), "vlans")) {
        vip |= present(vlan, "vip");
      }
      if (vip) {
        out.add(f(i, "", "virtual (shared) IP is not allowed on non-controlplane nodes"));
      }
    }
  }

  static void check(Object machine, List<Finding> out) {
    List<?> devices = list(machine, "network", "interfaces");
    Map<String, String> secondary = new HashMap<>();
    for (int i = 0; i < devices.size(); i++) {
      Object d = devices.get(i);
      String name = str(d, "interface");
      if (present(d, "bond") && present(d, "bridge")) {
        out.add(f(i, "", "interface has both bridge and bond sections set \"" + name
            + "\": config sections are mutually exclusive"));
      }
      if (present(d, "bond") && !list(d, "bond", "interfaces").isEmpty()
          && !list(d, "bond", "deviceSelectors").isEmpty()) {
        out.add(f(i, "bond", "interface \"" + name + "\" has both interfaces and selectors set: config sections are"
            + " mutually exclusive"));
      }
      List<?> members = present(d, "bond") ? list(d, "bond", "interfaces") : list(d, "bridge", "interfaces");
      for (Object m : members) {
        String other = secondary.get(String.valueOf(m));
        if (other != null && !other.equals(name)) {
          out.add(f(i, "", "interface \"" + m + "\" is declared as part of two separate links: \"" + other
              + "\" and \"" + name + "\""));
        }
        secondary.put(String.valueOf(m), name);
      }
    }
    for (int i = 0; i < devices.size(); i++) {
      if (!isTrue(devices.get(i), "ignore")) {
        device(i, devices.get(i), secondary, out);
      }
    }
  }

  private static void device(int i, Object d, Map<String, String> secondary, List<Finding> out) {
    String name = str(d, "interface");
    boolean selector = present(d, "deviceSelector");
    if (name.isEmpty() && !selector) {
      out.add(f(i, "", "[networking.os.device.interface], [networking.os.device.deviceSelector]: required either"
          + " config section to be set"));
    } else if (!name.isEmpty() && selector) {
      out.add(f(i, "", "[networking.os.device.interface], [networking.os.device.deviceSelector]: config sections"
          + " are mutually exclusive"));
    }
    if (selector && map(d, "deviceSelector").isEmpty()) {
      out.add(f(i, "deviceSelector", "[networking.os.device.deviceSelector]: config section should contain at"
          + " least one field"));
    }
    boolean addressed = isTrue(d, "dhcp") || !str(d, "cidr").isEmpty() || !list(d, "addresses").isEmpty()
        || present(d, "vip");
    if (secondary.containsKey(name) && addressed) {
      out.add(f(i, "", "[networking.os.device] \"" + name + "\": bonded/bridged interface shouldn't have any"
          + " addressing methods configured"));
    }
    addresses(i, d, name, out);
    vlans(i, d, name, out);
    routes(i, d, out);
  }

  private static void addresses(int i, Object d, String name, List<Finding> out) {
    if (!list(d, "addresses").isEmpty() && !str(d, "cidr").isEmpty()) {
      out.add(f(i, "", "[networking.os.device] \"" + name + "\": interface can't have both .cidr and .addresses set"));
    }
    String cidr = str(d, "cidr");
    if (!cidr.isEmpty() && !Net.isIpOrCidr(cidr)) {
      out.add(f(i, "cidr", "[networking.os.device.CIDR] \"" + name + "\": invalid CIDR address: " + cidr));
    }
    List<?> addrs = list(d, "addresses");
    for (int a = 0; a < addrs.size(); a++) {
      String s = String.valueOf(addrs.get(a));
      if (!Net.isIpOrCidr(s)) {
        out.add(f(i, "addresses[" + a + "]", "[networking.os.device.addresses] \"" + name + "\": "
            + (s.contains("/") ? "invalid CIDR address: " + s : "failed to parse IP address \"" + s + "\"")));
      }
    }
    String vip = str(d, "vip", "ip");
    if (present(d, "vip") && !Net.isIp(vip)) {
      out.add(f(i, "vip.ip", "[networking.os.device.vip] failed to parse \"" + vip + "\" as IP address"));
    }
  }

  private static void vlans(int i, Object d, String name, List<Finding> out) {
    List<?> vlans = list(d, "vlans");
    for (int v = 0; v < vlans.size(); v++) {
      Object vlan = vlans.get(v);
      String id = name + "." + str(vlan, "vlanId");
      if (!list(vlan, "addresses").isEmpty() && !str(vlan, "cidr").isEmpty()) {
        out.add(f(i, "vlans[" + v + "]", "[networking.os.device.vlan] " + id + ": vlan can't have both .cidr and"
            + " .addresses set"));
      }
      for (Object a : list(vlan, "addresses")) {
        if (!Net.isIpOrCidr(String.valueOf(a))) {
          out.add(f(i, "vlans[" + v + "].addresses", "[networking.os.device.vlan.addresses] " + id
              + ": failed to parse IP address \"" + a + "\""));
        }
      }
    }
  }

  private static void routes(int i, Object d, List<Finding> out) {
    List<?> routes = list(d, "routes");
    for (int r = 0; r < routes.size(); r++) {
      Object route = routes.get(r);
      String net = str(route, "network");
      String gw = str(route, "gateway");
      String src = str(route, "source");
      String at = "networking.os.device.route[" + r + "]";
      if (!net.isEmpty() && !Net.isPrefix(net)) {
        out.add(f(i, "routes[" + r + "].network", "[" + at + ".network] \"" + net + "\": invalid network address"));
      }
      if (!gw.isEmpty() && !Net.isIp(gw)) {
        out.add(f(i, "routes[" + r + "].gateway", "[" + at + ".gateway] \"" + gw + "\": invalid network address"));
      }
      if (gw.isEmpty() && net.isEmpty()) {
        out.add(f(i, "routes[" + r + "]", "[" + at + "]: either network or gateway should be set"));
      }
      if (!src.isEmpty() && !Net.isIp(src)) {
        out.add(f(i, "routes[" + r + "].source", "[" + at + ".source] \"" + src + "\": invalid network address"));
      }
    }
  }

  private static Finding f(int i, String rest, String message) {
    return new Finding("v1alpha1", "machine.network.interfaces[" + i + "]" + (rest.isEmpty() ? "" : "." + rest),
        message);
  }
}
