package dev.plumb.render.talos;

import static dev.plumb.render.talos.NetDocFixture.docs;
import static dev.plumb.render.talos.NetDocFixture.ids;
import static dev.plumb.render.talos.NetDocFixture.network;
import static dev.plumb.render.talos.NetDocFixture.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.RenderException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LinkConfig, VLANConfig, DHCPv4Config/DHCPv6Config and Layer2VIPConfig as talhelper writes them,
 * and the order of all network documents (budimanjojo/talhelper pkg/talos/networkconfig.go and
 * multidocs.go; fixes of talhelper#1391: DHCP on VLANs, routes without network, LinkConfig of a
 * VLAN parent).
 */
class NetworkDocsAddressingTest {

  static Stream<Arguments> links() {
    return Stream.of(
        Arguments.of("addresses as prefixes: /32 or /128 added, IPv6 canonical, garbage dropped; no up", """
            - interface: eth0
              addresses: [192.168.1.100/24, 10.0.0.1, "2001:DB8:0::1/64", "fd00::1", bogus, 10.0.0.1/33]
            """, """
            apiVersion: v1alpha1
            kind: LinkConfig
            name: eth0
            addresses:
              - {address: 192.168.1.100/24}
              - {address: 10.0.0.1/32}
              - {address: "2001:db8::1/64"}
              - {address: "fd00::1/128"}
            """),
        Arguments.of("routes: default routes and a missing network lose the destination; bad networks are skipped", """
            - interface: eth0
              routes:
                - {network: 10.0.0.0/8, gateway: 192.168.1.1, metric: 100, source: 192.168.1.5, mtu: 1400}
                - {network: 0.0.0.0/0, gateway: 192.168.1.254}
                - {network: "::/0", gateway: "fe80::1"}
                - {gateway: 192.168.1.253}
                - {network: not-a-net, gateway: 192.168.1.9}
            """, """
            apiVersion: v1alpha1
            kind: LinkConfig
            name: eth0
            routes:
              - {destination: 10.0.0.0/8, gateway: 192.168.1.1, source: 192.168.1.5, metric: 100, mtu: 1400}
              - {gateway: 192.168.1.254}
              - {gateway: "fe80::1"}
              - {gateway: 192.168.1.253}
            """),
        Arguments.of("mtu alone is enough; DHCP alone, bonds, bridges and wireguard get none", """
            - {interface: eth1, mtu: 9000}
            - {interface: eth2, dhcp: true}
            - {interface: bond0, bond: {interfaces: [eth3], mode: active-backup}, addresses: [10.0.0.2/24]}
            - {interface: br0, bridge: {interfaces: [eth4]}, mtu: 1500}
            - {interface: wg0, wireguard: {privateKey: k}, addresses: [10.8.0.1/24]}
            """, """
            {apiVersion: v1alpha1, kind: LinkConfig, name: eth1, mtu: 9000}
            """),
        Arguments.of("a dummy device is a plain LinkConfig: talhelper writes no DummyLinkConfig", """
            - {interface: dummy0, dummy: true, addresses: [169.254.2.1/32]}
            """, """
            {apiVersion: v1alpha1, kind: LinkConfig, name: dummy0, addresses: [{address: 169.254.2.1/32}]}
            """),
        Arguments.of("a VLAN parent with addresses gets its LinkConfig (talhelper#1391)", """
            - interface: eth0
              addresses: [10.0.0.2/24]
              vlans: [{vlanId: 10, dhcp: true}]
            """, """
            {apiVersion: v1alpha1, kind: LinkConfig, name: eth0, addresses: [{address: 10.0.0.2/24}]}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("links")
  void linkConfig(String why, String input, String expected) {
    var out = network(input);
    assertThat(ofKind(out, "LinkConfig")).isEqualTo(docs(expected));
    assertThat(ofKind(out, "DummyLinkConfig")).isEmpty();
  }

  static Stream<Arguments> vlans() {
    return Stream.of(
        Arguments.of("named <parent>.<id>, with the VLAN's own mtu/addresses/routes", """
            - interface: eth0
              vlans:
                - {vlanId: 10, mtu: 1400, addresses: [10.10.0.2/24], routes: [{network: 0.0.0.0/0, gateway: 10.10.0.1}]}
                - {vlanId: 20}
                - {vlanId: 0, addresses: [10.30.0.2/24]}
            """, """
            apiVersion: v1alpha1
            kind: VLANConfig
            name: eth0.10
            vlanID: 10
            parent: eth0
            mtu: 1400
            addresses: [{address: 10.10.0.2/24}]
            routes: [{gateway: 10.10.0.1}]
            ---
            {apiVersion: v1alpha1, kind: VLANConfig, name: eth0.20, vlanID: 20, parent: eth0}
            """),
        Arguments.of("a VLAN on a selected bond takes the bond's generated name", """
            - deviceSelector: {driver: mlx5_core}
              bond: {deviceSelectors: [{driver: x}], mode: 802.3ad}
              vlans: [{vlanId: 42}]
            """, """
            {apiVersion: v1alpha1, kind: VLANConfig, name: bond0.42, vlanID: 42, parent: bond0}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vlans")
  void vlanConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "VLANConfig")).isEqualTo(docs(expected));
  }

  static Stream<Arguments> dhcps() {
    return Stream.of(
        Arguments.of("dhcp: IPv4 by default", "- {interface: eth0, dhcp: true}",
            "{apiVersion: v1alpha1, kind: DHCPv4Config, name: eth0}"),
        Arguments.of("routeMetric on both families, v4 then v6 per device", """
            - {interface: eth0, dhcp: true, dhcpOptions: {ipv6: true, routeMetric: 2048}}
            - {interface: eth1, dhcp: true, dhcpOptions: {routeMetric: 1024}}
            """, """
            {apiVersion: v1alpha1, kind: DHCPv4Config, name: eth0, routeMetric: 2048}
            ---
            {apiVersion: v1alpha1, kind: DHCPv6Config, name: eth0, routeMetric: 2048}
            ---
            {apiVersion: v1alpha1, kind: DHCPv4Config, name: eth1, routeMetric: 1024}
            """),
        Arguments.of("ipv4: false leaves only DHCPv6", "- {interface: eth0, dhcp: true, dhcpOptions: {ipv4: false, ipv6: true}}",
            "{apiVersion: v1alpha1, kind: DHCPv6Config, name: eth0}"),
        Arguments.of("without dhcp: true, dhcpOptions alone write nothing", """
            - {interface: eth0, dhcpOptions: {ipv6: true}}
            - {interface: eth1, dhcp: false}
            """, ""),
        Arguments.of("a VLAN's own DHCP follows its VLANConfig", """
            - interface: eth0
              vlans: [{vlanId: 7, dhcp: true, dhcpOptions: {ipv6: true}}]
            """, """
            {apiVersion: v1alpha1, kind: DHCPv4Config, name: eth0.7}
            ---
            {apiVersion: v1alpha1, kind: DHCPv6Config, name: eth0.7}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dhcps")
  void dhcpConfig(String why, String input, String expected) {
    var out = network(input);
    assertThat(out.stream().filter(d -> String.valueOf(d.get("kind")).startsWith("DHCP")).toList())
        .isEqualTo(docs(expected));
  }

  static Stream<Arguments> vips() {
    return Stream.of(
        Arguments.of("named by the IP as written, on the device's link", """
            - {interface: eth0, dhcp: true, vip: {ip: 10.0.0.5}}
            - {deviceSelector: {driver: igb}, vip: {ip: "fd00::5"}}
            - {interface: eth2, vip: {equinixMetal: {apiToken: t}}}
            """, """
            {apiVersion: v1alpha1, kind: Layer2VIPConfig, name: 10.0.0.5, link: eth0}
            ---
            {apiVersion: v1alpha1, kind: Layer2VIPConfig, name: "fd00::5", link: ethSel0}
            """),
        Arguments.of("a VLAN's VIP names the VLAN link", """
            - interface: bond0
              bond: {interfaces: [eth0], mode: active-backup}
              vlans: [{vlanId: 20, addresses: [10.20.0.2/24], vip: {ip: 10.20.0.1}}]
            """, """
            {apiVersion: v1alpha1, kind: Layer2VIPConfig, name: 10.20.0.1, link: bond0.20}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vips")
  void layer2VipConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "Layer2VIPConfig")).isEqualTo(docs(expected));
  }

  @Test
  void documentsComeInTalhelpersPassOrder() {
    var out = network("""
        - interface: br0
          bridge: {interfaces: [eth3]}
        - interface: wg0
          wireguard: {privateKey: k}
        - interface: eth0
          addresses: [10.0.0.2/24]
          vip: {ip: 10.0.0.1}
          vlans: [{vlanId: 5, dhcp: true, vip: {ip: 10.5.0.1}}]
        - interface: bond0
          dhcp: true
          bond: {deviceSelectors: [{driver: x}], mode: active-backup}
        - deviceSelector: {driver: y}
          dhcp: true
        """);
    assertThat(ids(out)).containsExactly(
        "v1alpha1/LinkAliasConfig/ethSel0", "v1alpha1/LinkAliasConfig/bond0-m0", "v1alpha1/BondConfig/bond0",
        "v1alpha1/DHCPv4Config/bond0", "v1alpha1/DHCPv4Config/ethSel0", "v1alpha1/Layer2VIPConfig/10.0.0.1",
        "v1alpha1/LinkConfig/eth0", "v1alpha1/VLANConfig/eth0.5", "v1alpha1/DHCPv4Config/eth0.5",
        "v1alpha1/Layer2VIPConfig/10.5.0.1", "v1alpha1/WireguardConfig/wg0", "v1alpha1/BridgeConfig/br0");
  }

  @Test
  void interfaceAndSelectorTogetherAreRefusedAsTalosRefusesThem() {
    assertThatThrownBy(() -> network("""
        - {interface: eth0, dhcp: true}
        - {interface: eth1, deviceSelector: {driver: x}}
        """)).isInstanceOf(RenderException.class)
        .hasMessage("talconfig.yaml:2:3: nodes[0].networkInterfaces[1]: [networking.os.device.interface], "
            + "[networking.os.device.deviceSelector]: config sections are mutually exclusive");
  }

  @Test
  void aDeviceWithNeitherInterfaceNorSelectorIsRefused() {
    assertThatThrownBy(() -> network("- {dhcp: true}\n")).isInstanceOf(RenderException.class)
        .hasMessageEndingWith("nodes[0].networkInterfaces[0]: [networking.os.device.interface], "
            + "[networking.os.device.deviceSelector]: required either config section to be set");
  }
}
