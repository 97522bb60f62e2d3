package dev.plumb.plan;

import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a config change touches the node's network: {@code machine.network} of the v1alpha1
 * document, or any of the network documents of Talos 1.12+ (links, bonds, VLANs, addresses, DHCP,
 * VIPs, hostname, resolvers, static hosts, firewall rules). Such a change can cut plumb off the
 * node it reaches over that network, so the actuator may send it in TRY mode.
 */
final class NetworkChange {
  private static final Set<String> KINDS = Set.of("LinkConfig", "LinkAliasConfig", "BondConfig", "BridgeConfig",
      "VLANConfig", "DummyLinkConfig", "EthernetConfig", "WireguardConfig", "DHCPv4Config", "DHCPv6Config",
      "Layer2VIPConfig", "HCloudVIPConfig", "HostnameConfig", "ResolverConfig", "StaticHostConfig",
      "RoutingRuleConfig", "BlackholeRouteConfig", "NetworkRuleConfig", "NetworkDefaultActionConfig");

  private NetworkChange() {}

  static boolean differs(byte[] live, byte[] desired) {
    List<Object> a = network(live);
    List<Object> b = network(desired);
    return a == null || b == null || !a.equals(b);
  }

  /** machine.network first, then the network documents in order; null when unreadable. */
  private static List<Object> network(byte[] config) {
    List<Object> out = new ArrayList<>();
    Object machineNetwork = null;
    try {
      for (YNode n : YamlReader.readAll("config", new String(config, StandardCharsets.UTF_8))) {
        if (!(YValues.toJava(n) instanceof Map<?, ?> doc)) {
          continue;
        }
        if (!doc.containsKey("kind")) {
          machineNetwork = doc.get("machine") instanceof Map<?, ?> m ? m.get("network") : null;
        } else if (KINDS.contains(String.valueOf(doc.get("kind")))) {
          out.add(doc);
        }
      }
    } catch (RenderException e) {
      return null;
    }
    out.add(0, machineNetwork == null ? Map.of() : machineNetwork);
    return out;
  }
}
