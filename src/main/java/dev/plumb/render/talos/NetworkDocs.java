package dev.plumb.render.talos;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates talhelper's {@code networkInterfaces} (the legacy {@code machine.network.interfaces}
 * shape) into the Talos 1.12+ network documents, in the order talhelper appends them
 * (budimanjojo/talhelper pkg/talos/multidocs.go, genMultiDocs): every LinkAliasConfig of a
 * {@code deviceSelector}, every bond-member LinkAliasConfig, BondConfigs, DHCP documents, VIPs,
 * LinkConfigs, VLANConfigs (each followed by its own DHCP and VIP documents), WireguardConfigs,
 * BridgeConfigs. Each pass walks the devices in talconfig order.
 */
final class NetworkDocs {
  /** A device with the link name its documents use: {@code interface}, or the alias talhelper made up. */
  private record Device(Map<String, Object> raw, String name) {
    boolean has(String key) {
      return GoFields.obj(raw, key) != null;
    }
  }

  private final List<YNode> items;
  private final String path;

  /** {@code interfaces} is the node's {@code networkInterfaces} list; {@code path} its field path for messages. */
  NetworkDocs(YNode interfaces, String path) {
    this.items = interfaces instanceof YList l ? l.items() : List.of();
    this.path = path;
  }

  List<Map<String, Object>> documents() {
    List<Map<String, Object>> docs = new ArrayList<>();
    List<Device> devices = name(docs);
    for (Device d : devices) {
      if (d.has("bond")) {
        memberAliases(d, docs);
      }
    }
    devices.stream().filter(d -> d.has("bond")).forEach(d -> docs.add(BondDocs.bond(d.name(), d.raw())));
    devices.forEach(d -> docs.addAll(LinkDocs.dhcp(d.name(), d.raw())));
    devices.forEach(d -> addIfPresent(docs, LinkDocs.vip(d.name(), d.raw())));
    devices.stream().filter(d -> !d.has("bond") && !d.has("wireguard") && !d.has("bridge") && LinkFields.any(d.raw()))
        .forEach(d -> docs.add(LinkDocs.link(d.name(), d.raw())));
    devices.forEach(d -> vlans(d, docs));
    devices.stream().filter(d -> d.has("wireguard")).forEach(d -> docs.add(LinkDocs.wireguard(d.name(), d.raw())));
    devices.stream().filter(d -> d.has("bridge")).forEach(d -> docs.add(LinkDocs.bridge(d.name(), d.raw())));
    return docs;
  }

  /**
   * Gives every device its link name and adds the LinkAliasConfig of each selector. A selector
   * without a name gets the first free {@code bond<N>}, {@code br<N>}, {@code wg<N>} or
   * {@code ethSel<N>} (names used by {@code interface} are skipped); a selector with no field set
   * still takes its name but yields no document (talhelper GenerateLinkAliasConfigBytes).
   */
  private List<Device> name(List<Map<String, Object>> docs) {
    Set<String> used = new HashSet<>();
    List<Map<String, Object>> raws = new ArrayList<>();
    for (YNode item : items) {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = GoFields.raw(item) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      raws.add(raw);
      if (!GoFields.str(raw, "interface").isEmpty()) {
        used.add(GoFields.str(raw, "interface"));
      }
    }
    int[] next = new int[4];
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      Map<String, Object> raw = raws.get(i);
      String name = GoFields.str(raw, "interface");
      Map<String, Object> selector = GoFields.obj(raw, "deviceSelector");
      check(i, name, selector);
      if (selector != null) {
        name = fresh(raw, used, next);
        String match = LinkSelectors.match(selector);
        if (!match.isEmpty()) {
          docs.add(alias(name, match));
        }
      }
      out.add(new Device(raw, name));
    }
    return out;
  }

  private static String fresh(Map<String, Object> raw, Set<String> used, int[] next) {
    int kind = GoFields.obj(raw, "bond") != null ? 0 : GoFields.obj(raw, "bridge") != null ? 1
        : GoFields.obj(raw, "wireguard") != null ? 2 : 3;
    String prefix = new String[] {"bond", "br", "wg", "ethSel"}[kind];
    String name;
    do {
      name = prefix + next[kind]++;
    } while (used.contains(name));
    used.add(name);
    return name;
  }

  /** Talos's device validation, which talhelper runs before generating (v1alpha1 networking.os.device). */
  private void check(int i, String name, Map<String, Object> selector) {
    String both = "[networking.os.device.interface], [networking.os.device.deviceSelector]: ";
    if (!name.isEmpty() && selector != null) {
      throw problem(i, both + "config sections are mutually exclusive");
    }
    if (name.isEmpty() && selector == null) {
      throw problem(i, both + "required either config section to be set");
    }
  }

  private RenderException problem(int i, String message) {
    YNode at = items.get(i);
    return new RenderException(new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(),
        path + "[" + i + "]", message));
  }

  /** {@code <bond>-m<i>} for each {@code bond.deviceSelectors} entry that sets a field. */
  private static void memberAliases(Device d, List<Map<String, Object>> docs) {
    List<Map<String, Object>> selectors = GoFields.objs(GoFields.obj(d.raw(), "bond"), "deviceSelectors");
    for (int i = 0; i < selectors.size(); i++) {
      String match = LinkSelectors.match(selectors.get(i));
      if (!match.isEmpty()) {
        docs.add(alias(d.name() + "-m" + i, match));
      }
    }
  }

  private static Map<String, Object> alias(String name, String match) {
    Map<String, Object> a = GeneratedDocs.doc("LinkAliasConfig", name);
    a.put("selector", GeneratedDocs.fields("match", match));
    return a;
  }

  /** Each VLAN with a {@code vlanId} above 0: its VLANConfig, then its DHCP documents and VIP. */
  private static void vlans(Device d, List<Map<String, Object>> docs) {
    for (Map<String, Object> vlan : GoFields.objs(d.raw(), "vlans")) {
      if (GoFields.num(vlan, "vlanId") > 0) {
        Map<String, Object> v = LinkDocs.vlan(d.name(), vlan);
        docs.add(v);
        docs.addAll(LinkDocs.dhcp((String) v.get("name"), vlan));
        addIfPresent(docs, LinkDocs.vip((String) v.get("name"), vlan));
      }
    }
  }

  private static void addIfPresent(List<Map<String, Object>> docs, Map<String, Object> doc) {
    if (doc != null) {
      docs.add(doc);
    }
  }
}
