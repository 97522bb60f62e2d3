package dev.plumb.render.talos;

import static dev.plumb.render.talos.NetDocFixture.docs;
import static dev.plumb.render.talos.NetDocFixture.generated;
import static dev.plumb.render.talos.NetDocFixture.ids;
import static dev.plumb.render.talos.NetDocFixture.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents after v1alpha1 per Talos version: HostnameConfig and ResolverConfig as talhelper
 * writes them (budimanjojo/talhelper pkg/talos/networkconfig.go), merged into the HostnameConfig
 * Talos's generator emits for 1.12+ (siderolabs/talos pkg/machinery/config/generate/network.go),
 * then firewall, extension services, volumes and network documents in genMultiDocs order
 * (pkg/talos/multidocs.go).
 */
class GeneratedDocsTest {
  static final String NODE = """
      hostname: cp1
      ipAddress: 10.0.0.11
      controlPlane: true
      nameservers: [1.1.1.1, "2606:4700:4700:0::1111"]
      ingressFirewall:
        defaultAction: block
        rules:
          - name: etcd
            portSelector: {ports: [2379-2380, 10250, "6443-6443"], protocol: tcp}
            ingress: [{subnet: 10.0.0.0/24, except: 10.0.0.9/32}]
      extensionServices:
        - {name: tailscale, environment: ["TS_AUTHKEY=x"]}
      volumes:
        - {name: EPHEMERAL, provisioning: {maxSize: 50GiB}}
      userVolumes:
        - {name: data, provisioning: {diskSelector: {match: disk.transport == "nvme"}}, filesystem: {type: xfs}}
      networkInterfaces:
        - {interface: eth0, dhcp: true}
      """;

  static Stream<Arguments> hostnames() {
    return Stream.of(
        Arguments.of("v1.12.0", "hostname: cp1", "{apiVersion: v1alpha1, kind: HostnameConfig, auto: 'off', hostname: cp1}"),
        Arguments.of("v1.13.9", "hostname: cp1", "{apiVersion: v1alpha1, kind: HostnameConfig, auto: 'off', hostname: cp1}"),
        Arguments.of("v1.13.9", "{hostname: cp1, ignoreHostname: true}", "{apiVersion: v1alpha1, kind: HostnameConfig, auto: stable}"),
        Arguments.of("v1.11.6", "hostname: cp1", ""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hostnames")
  void hostnameConfig(String version, String node, String expected) {
    assertThat(ofKind(generated(version, node), "HostnameConfig")).isEqualTo(docs(expected));
  }

  static Stream<Arguments> resolvers() {
    return Stream.of(
        Arguments.of("v1.12.3", "{hostname: a, nameservers: [10.0.0.1, \"2001:DB8::53\"]}", """
            apiVersion: v1alpha1
            kind: ResolverConfig
            nameservers: [{address: 10.0.0.1}, {address: "2001:db8::53"}]
            searchDomains: {disableDefault: false}
            """),
        Arguments.of("v1.13.9", "{hostname: a, disableSearchDomain: true}",
            "{apiVersion: v1alpha1, kind: ResolverConfig, searchDomains: {disableDefault: true}}"),
        Arguments.of("v1.13.9", "{hostname: a}", ""),
        Arguments.of("v1.11.6", "{hostname: a, nameservers: [10.0.0.1]}", ""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("resolvers")
  void resolverConfig(String version, String node, String expected) {
    assertThat(ofKind(generated(version, node), "ResolverConfig")).isEqualTo(docs(expected));
  }

  @Test
  void talos113OrderIsHostnameResolverFirewallServicesVolumesNetwork() {
    assertThat(ids(generated("v1.13.9", NODE))).containsExactly("v1alpha1/HostnameConfig", "v1alpha1/ResolverConfig",
        "v1alpha1/NetworkDefaultActionConfig", "v1alpha1/NetworkRuleConfig/etcd",
        "v1alpha1/ExtensionServiceConfig/tailscale", "v1alpha1/VolumeConfig/EPHEMERAL", "v1alpha1/UserVolumeConfig/data",
        "v1alpha1/DHCPv4Config/eth0");
  }

  @Test
  void talos111KeepsFirewallServicesAndVolumesOnly() {
    assertThat(ids(generated("v1.11.6", NODE))).containsExactly("v1alpha1/NetworkDefaultActionConfig",
        "v1alpha1/NetworkRuleConfig/etcd", "v1alpha1/ExtensionServiceConfig/tailscale",
        "v1alpha1/VolumeConfig/EPHEMERAL", "v1alpha1/UserVolumeConfig/data");
  }

  @Test
  void firewallPortsAndSubnetsAreWrittenAsTalosTypesWriteThem() {
    assertThat(ofKind(generated("v1.12.0", NODE), "NetworkRuleConfig")).isEqualTo(docs("""
        apiVersion: v1alpha1
        kind: NetworkRuleConfig
        name: etcd
        portSelector: {ports: [2379-2380, 10250, 6443], protocol: tcp}
        ingress: [{subnet: 10.0.0.0/24, except: 10.0.0.9/32}]
        """));
    assertThat(ofKind(generated("v1.12.0", "{hostname: a, ingressFirewall: {}}"), "NetworkDefaultActionConfig"))
        .isEqualTo(docs("{apiVersion: v1alpha1, kind: NetworkDefaultActionConfig, ingress: accept}"));
    assertThat(ofKind(generated("v1.12.0", "{hostname: a, ingressFirewall: null}"), "NetworkDefaultActionConfig"))
        .isEmpty();
  }

  @Test
  void servicesAndVolumesCarryOnlyTheFieldsTalhelperCopies() {
    var out = generated("v1.13.9", NODE);
    assertThat(ofKind(out, "ExtensionServiceConfig")).isEqualTo(docs(
        "{apiVersion: v1alpha1, kind: ExtensionServiceConfig, name: tailscale, environment: [TS_AUTHKEY=x]}"));
    assertThat(ofKind(out, "UserVolumeConfig")).isEqualTo(docs("""
        apiVersion: v1alpha1
        kind: UserVolumeConfig
        name: data
        provisioning: {diskSelector: {match: disk.transport == "nvme"}}
        filesystem: {type: xfs}
        """));
  }
}
