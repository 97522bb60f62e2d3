package dev.plumb.render.talos;

import static dev.plumb.render.talos.NetDocFixture.docs;
import static dev.plumb.render.talos.NetDocFixture.network;
import static dev.plumb.render.talos.NetDocFixture.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LinkAliasConfig, BondConfig, BridgeConfig and WireguardConfig as talhelper writes them for Talos
 * 1.12+ from a legacy {@code networkInterfaces} list. Expectations come from budimanjojo/talhelper
 * pkg/talos/networkconfig.go (and its networkconfig_test.go), with field names from siderolabs/talos
 * pkg/machinery/config/types/network.
 */
class NetworkDocsLinksTest {

  static Stream<Arguments> aliases() {
    return Stream.of(
        Arguments.of("one glob per set field, in talhelper's order; physical true", """
            - deviceSelector: {pciID: "8086:10fb", driver: ixgbe, busPath: "0000:01:00.0", permanentAddr: "bb:*",
                hardwareAddr: "aa:*", physical: true}
              dhcp: true
            """, """
            apiVersion: v1alpha1
            kind: LinkAliasConfig
            name: ethSel0
            selector:
              match: glob("aa:*", mac(link.hardware_addr)) && glob("bb:*", mac(link.permanent_addr)) && glob("0000:01:00.0", link.bus_path) && glob("ixgbe", link.driver) && glob("8086:10fb", link.pciid) && link.type == 1
            """),
        Arguments.of("physical false is link.type != 1; yaml.v3 takes 'no' for a bool", """
            - deviceSelector: {driver: e1000, physical: no}
            """, """
            apiVersion: v1alpha1
            kind: LinkAliasConfig
            name: ethSel0
            selector: {match: 'glob("e1000", link.driver) && link.type != 1'}
            """),
        Arguments.of("an empty selector writes no document but still takes its name", """
            - deviceSelector: {}
              addresses: [10.0.0.2/24]
            - deviceSelector: {hardwareAddr: "00:30:93:*"}
            """, """
            apiVersion: v1alpha1
            kind: LinkAliasConfig
            name: ethSel1
            selector: {match: 'glob("00:30:93:*", mac(link.hardware_addr))'}
            """),
        Arguments.of("generated names skip the interface names in use", """
            - interface: ethSel0
              addresses: [192.168.1.10/24]
            - deviceSelector: {hardwareAddr: "00:30:93:*"}
            """, """
            apiVersion: v1alpha1
            kind: LinkAliasConfig
            name: ethSel1
            selector: {match: 'glob("00:30:93:*", mac(link.hardware_addr))'}
            """),
        Arguments.of("bond, bridge and wireguard selectors count on their own; member aliases come after", """
            - deviceSelector: {driver: a}
              bond: {mode: active-backup, deviceSelectors: [{driver: m0}, {}, {hardwareAddr: "cc:*"}]}
            - deviceSelector: {driver: b}
              bridge: {interfaces: [eth9]}
            - deviceSelector: {driver: c}
              wireguard: {privateKey: k}
            - deviceSelector: {driver: d}
            """, """
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: bond0, selector: {match: 'glob("a", link.driver)'}}
            ---
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: br0, selector: {match: 'glob("b", link.driver)'}}
            ---
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: wg0, selector: {match: 'glob("c", link.driver)'}}
            ---
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: ethSel0, selector: {match: 'glob("d", link.driver)'}}
            ---
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: bond0-m0, selector: {match: 'glob("m0", link.driver)'}}
            ---
            {apiVersion: v1alpha1, kind: LinkAliasConfig, name: bond0-m2,
              selector: {match: 'glob("cc:*", mac(link.hardware_addr))'}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aliases")
  void linkAliasConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "LinkAliasConfig")).isEqualTo(docs(expected));
  }

  static Stream<Arguments> bonds() {
    return Stream.of(
        Arguments.of("every rename talhelper does; primary and adActorSystem have no counterpart", """
            - interface: bond0
              bond:
                interfaces: [enp1s2, enp1s3]
                mode: 802.3ad
                lacpRate: fast
                xmitHashPolicy: layer3+4
                arpValidate: all
                arpAllTargets: all
                primaryReselect: better
                failOverMac: follow
                adSelect: count
                miimon: 100
                updelay: 200
                downdelay: 200
                arpInterval: 1000
                resendIgmp: 3
                minLinks: 1
                lpInterval: 2
                packetsPerSlave: 4
                numPeerNotif: 5
                tlbDynamicLb: 1
                allSlavesActive: 1
                useCarrier: false
                adActorSysPrio: 65535
                adUserPortKey: 7
                peerNotifyDelay: 9
                arpIPTarget: [10.15.0.1, "2001:DB8::1"]
                primary: enp1s2
                adActorSystem: "00:11:22:33:44:55"
              mtu: 9000
              addresses: [10.0.0.5/24]
              routes: [{network: 0.0.0.0/0, gateway: 10.0.0.1}]
            """, """
            apiVersion: v1alpha1
            kind: BondConfig
            name: bond0
            links: [enp1s2, enp1s3]
            bondMode: 802.3ad
            xmitHashPolicy: layer3+4
            lacpRate: fast
            arpValidate: all
            arpAllTargets: all
            primaryReselect: better
            failOverMac: follow
            adSelect: count
            miimon: 100
            updelay: 200
            downdelay: 200
            arpInterval: 1000
            resendIGMP: 3
            minLinks: 1
            lpInterval: 2
            packetsPerSlave: 4
            numPeerNotif: 5
            tlbLogicalLb: 1
            allSlavesActive: 1
            adActorSysPrio: 65535
            adUserPortKey: 7
            peerNotifDelay: 9
            useCarrier: false
            arpIpTargets: [10.15.0.1, "2001:db8::1"]
            mtu: 9000
            addresses: [{address: 10.0.0.5/24}]
            routes: [{gateway: 10.0.0.1}]
            """),
        Arguments.of("names nethelpers does not know and zero numbers are dropped", """
            - interface: bond1
              bond: {interfaces: [a], mode: LACP, lacpRate: FAST, miimon: 0}
            """, """
            {apiVersion: v1alpha1, kind: BondConfig, name: bond1, links: [a]}
            """),
        Arguments.of("member selectors are linked as <bond>-m<i> after the named interfaces", """
            - interface: bond0
              bond: {interfaces: [eth0], deviceSelectors: [{driver: x}, {driver: y}], mode: balance-rr}
            """, """
            {apiVersion: v1alpha1, kind: BondConfig, name: bond0, links: [eth0, bond0-m0, bond0-m1], bondMode: balance-rr}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bonds")
  void bondConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "BondConfig")).isEqualTo(docs(expected));
  }

  @org.junit.jupiter.api.Test
  void bondFieldsFollowTalosStructOrder() {
    // siderolabs/talos BondConfigV1Alpha1 field order (v1.13 schema): Talos's encoder writes fields in that order
    var bond = ofKind(network("""
        - interface: bond0
          mtu: 9000
          bond: {lacpRate: fast, resendIgmp: 2, arpIPTarget: [10.0.0.1], xmitHashPolicy: layer2, miimon: 100,
            useCarrier: true, mode: 802.3ad, interfaces: [eth0]}
        """), "BondConfig").get(0);
    assertThat(bond.keySet()).containsExactly("apiVersion", "kind", "name", "links", "bondMode", "miimon", "useCarrier",
        "xmitHashPolicy", "arpIpTargets", "lacpRate", "resendIGMP", "mtu");
  }

  static Stream<Arguments> bridges() {
    return Stream.of(
        Arguments.of("stp.enabled and vlan.vlanFiltering carried over (talhelper#1577)", """
            - interface: br0
              bridge: {interfaces: [bond0, eth1], stp: {enabled: true}, vlan: {vlanFiltering: true}}
              addresses: [10.2.0.2/24]
            """, """
            apiVersion: v1alpha1
            kind: BridgeConfig
            name: br0
            links: [bond0, eth1]
            stp: {enabled: true}
            vlan: {filtering: true}
            addresses: [{address: 10.2.0.2/24}]
            """),
        Arguments.of("false is kept, an unset enabled writes no stp", """
            - interface: br1
              bridge: {interfaces: [eth2], stp: {}, vlan: {vlanFiltering: false}}
            """, """
            {apiVersion: v1alpha1, kind: BridgeConfig, name: br1, links: [eth2], vlan: {filtering: false}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bridges")
  void bridgeConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "BridgeConfig")).isEqualTo(docs(expected));
  }

  static Stream<Arguments> wireguards() {
    return Stream.of(
        Arguments.of("keys, port, mark, peers, link fields", """
            - interface: wg0
              mtu: 1420
              addresses: [10.9.0.1/24]
              wireguard:
                privateKey: cHJpdmF0ZQ==
                listenPort: 51820
                firewallMark: 1
                peers:
                  - publicKey: cHVibGlj
                    endpoint: 192.0.2.1:51820
                    persistentKeepaliveInterval: 25s
                    allowedIPs: [10.9.0.0/24, "2001:DB8::/32"]
            """, """
            apiVersion: v1alpha1
            kind: WireguardConfig
            name: wg0
            privateKey: cHJpdmF0ZQ==
            listenPort: 51820
            firewallMark: 1
            peers:
              - publicKey: cHVibGlj
                endpoint: 192.0.2.1:51820
                persistentKeepaliveInterval: 25s
                allowedIPs: [10.9.0.0/24, "2001:db8::/32"]
            mtu: 1420
            addresses: [{address: 10.9.0.1/24}]
            """),
        Arguments.of("what netip and time refuse is dropped; durations as Go prints them", """
            - interface: wg1
              wireguard:
                privateKey: k
                peers:
                  - {publicKey: a, endpoint: "vpn.example.org:51820", persistentKeepaliveInterval: 1m, allowedIPs: [nope]}
                  - {publicKey: b, endpoint: "[2001:DB8::1]:443", persistentKeepaliveInterval: 90s}
            """, """
            apiVersion: v1alpha1
            kind: WireguardConfig
            name: wg1
            privateKey: k
            peers:
              - {publicKey: a, persistentKeepaliveInterval: 1m0s}
              - {publicKey: b, endpoint: "[2001:db8::1]:443", persistentKeepaliveInterval: 1m30s}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wireguards")
  void wireguardConfig(String why, String input, String expected) {
    assertThat(ofKind(network(input), "WireguardConfig")).isEqualTo(docs(expected));
  }
}
