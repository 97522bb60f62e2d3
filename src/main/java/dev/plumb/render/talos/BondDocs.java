package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A legacy {@code bond:} block as the BondConfig document talhelper writes for it
 * (budimanjojo/talhelper pkg/talos/networkconfig.go, GenerateBondConfig). Field names follow
 * Talos's BondConfig: {@code mode} becomes {@code bondMode}, {@code arpIPTarget}
 * {@code arpIpTargets}, {@code resendIgmp} {@code resendIGMP}, {@code tlbDynamicLb}
 * {@code tlbLogicalLb}, {@code peerNotifyDelay} {@code peerNotifDelay}. An enum value Talos's
 * {@code nethelpers.*ByName} does not know is dropped, a number is kept only above 0, and
 * {@code primary} and {@code adActorSystem} have no counterpart and are dropped.
 */
final class BondDocs {
  /** Legacy enum field, BondConfig field, the names nethelpers.*ByName accepts (siderolabs/talos pkg/machinery/nethelpers). */
  private static final Object[][] ENUMS = {
    {"mode", "bondMode", Set.of("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb",
        "balance-alb")},
    {"xmitHashPolicy", "xmitHashPolicy", Set.of("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4")},
    {"lacpRate", "lacpRate", Set.of("slow", "fast")},
    {"arpValidate", "arpValidate", Set.of("none", "active", "backup", "all")},
    {"arpAllTargets", "arpAllTargets", Set.of("any", "all")},
    {"primaryReselect", "primaryReselect", Set.of("always", "better", "failure")},
    {"failOverMac", "failOverMac", Set.of("none", "active", "follow")},
    {"adSelect", "adSelect", Set.of("stable", "bandwidth", "count")},
  };

  /** Legacy number field and BondConfig field, in talhelper's order. */
  private static final String[][] NUMBERS = {
    {"miimon", "miimon"}, {"updelay", "updelay"}, {"downdelay", "downdelay"}, {"arpInterval", "arpInterval"},
    {"resendIgmp", "resendIGMP"}, {"minLinks", "minLinks"}, {"lpInterval", "lpInterval"},
    {"packetsPerSlave", "packetsPerSlave"}, {"numPeerNotif", "numPeerNotif"}, {"tlbDynamicLb", "tlbLogicalLb"},
    {"allSlavesActive", "allSlavesActive"}, {"adActorSysPrio", "adActorSysPrio"}, {"adUserPortKey", "adUserPortKey"},
    {"peerNotifyDelay", "peerNotifDelay"},
  };

  /** BondConfig's own fields in Talos's struct order (the v1.13 schema), so the document reads as Talos writes it. */
  private static final List<String> ORDER = List.of("links", "bondMode", "miimon", "updelay", "downdelay", "useCarrier",
      "xmitHashPolicy", "arpInterval", "arpIpTargets", "arpValidate", "arpAllTargets", "lacpRate", "failOverMac",
      "adSelect", "adActorSysPrio", "adUserPortKey", "primaryReselect", "resendIGMP", "minLinks", "lpInterval",
      "packetsPerSlave", "numPeerNotif", "tlbLogicalLb", "allSlavesActive", "peerNotifDelay");

  private BondDocs() {}

  /** The BondConfig of a device named {@code name}; member selectors become links {@code <name>-m<i>}. */
  static Map<String, Object> bond(String name, Map<String, Object> dev) {
    Map<String, Object> bond = GoFields.obj(dev, "bond");
    Map<String, Object> d = new HashMap<>();
    List<Object> links = new ArrayList<>(GoFields.strings(bond, "interfaces"));
    for (int i = 0; i < GoFields.list(bond, "deviceSelectors").size(); i++) {
      links.add(name + "-m" + i);
    }
    if (!links.isEmpty()) {
      d.put("links", links);
    }
    for (Object[] e : ENUMS) {
      String v = GoFields.str(bond, (String) e[0]);
      if (((Set<?>) e[2]).contains(v)) {
        d.put((String) e[1], v);
      }
    }
    for (String[] n : NUMBERS) {
      long v = GoFields.num(bond, n[0]);
      if (v > 0) {
        d.put(n[1], v);
      }
    }
    Boolean carrier = GoFields.bool(bond, "useCarrier");
    if (carrier != null) {
      d.put("useCarrier", carrier);
    }
    List<Object> targets = new ArrayList<>();
    for (String ip : GoFields.strings(bond, "arpIPTarget")) {
      IpText.addr(ip).ifPresent(targets::add);
    }
    if (!targets.isEmpty()) {
      d.put("arpIpTargets", targets);
    }
    Map<String, Object> doc = GeneratedDocs.doc("BondConfig", name);
    ORDER.stream().filter(d::containsKey).forEach(k -> doc.put(k, d.get(k)));
    LinkFields.copy(dev, doc);
    return doc;
  }
}
