package dev.plumb.render.validate;

import static dev.plumb.render.validate.Docs.CONTROL_PLANE;
import static dev.plumb.render.validate.Docs.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Talos rule with a config Talos refuses and one it accepts, for every release the rule
 * applies to. Expectations are Talos's own messages, read from siderolabs/talos (main of 2026,
 * release-1.13 line): pkg/machinery/config/types/network/{hostname,layer2_vip,link,bond,vlan}.go,
 * types/v1alpha1/v1alpha1_validation.go, container/container.go and validate.go,
 * configloader/internal/decoder/decoder.go.
 */
class ConfigValidatorTest {
  /** One config, the releases it is checked against, and the message expected (null: accepted). */
  record Case(String name, List<Integer> minors, String base, String patch, String more, String want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Integer> ALL = List.of(8, 9, 10, 11, 12, 13);
  static final List<Integer> MULTIDOC = List.of(12, 13);
  static final String HOSTNAME_STABLE = "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n";
  static final String HOSTNAME_STATIC = "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: cp1\nauto: \"off\"\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        // network/hostname.go V1Alpha1ConflictValidate
        refused("stableHostname with a HostnameConfig", MULTIDOC, CONTROL_PLANE,
            "machine: {features: {stableHostname: true}}", HOSTNAME_STABLE,
            "stable hostname is already set in v1alpha1 config"),
        accepted("HostnameConfig alone", MULTIDOC, CONTROL_PLANE, "", HOSTNAME_STABLE),
        accepted("stableHostname alone before 1.12", List.of(8, 9, 10, 11), CONTROL_PLANE,
            "machine: {features: {stableHostname: true}}", ""),
        refused("HostnameConfig is not registered before 1.12", List.of(8, 11), CONTROL_PLANE, "", HOSTNAME_STABLE,
            "\"HostnameConfig\" \"v1alpha1\": not registered"),
        refused("static hostname in v1alpha1 and a HostnameConfig", MULTIDOC, CONTROL_PLANE,
            "machine: {network: {hostname: cp1}}", HOSTNAME_STATIC, "static hostname is already set in v1alpha1 config"),
        accepted("static hostname in v1alpha1 only", ALL, CONTROL_PLANE, "machine: {network: {hostname: cp1}}", ""),
        // network/hostname.go Validate
        refused("HostnameConfig with auto and hostname", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\nhostname: cp1\n",
            "'auto' and 'hostname' cannot be set at the same time"),
        refused("HostnameConfig with neither", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: HostnameConfig\n", "either 'auto' or 'hostname' must be set"),
        accepted("HostnameConfig with a static name", MULTIDOC, CONTROL_PLANE, "", HOSTNAME_STATIC),
        // network/layer2_vip.go: the link is only required to be named, not defined by a document
        accepted("Layer2VIPConfig on a DHCP link with no LinkConfig", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.0.0.5\nlink: enp1s0\n---\n"
                + "apiVersion: v1alpha1\nkind: DHCPv4Config\nname: enp1s0\n"),
        refused("Layer2VIPConfig named by a non-address", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: vip\nlink: enp1s0\n", "name must be a valid IP address"),
        // network/vlan.go, bond.go: parents and members may be physical links
        accepted("VLANConfig on a physical parent", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: VLANConfig\nname: enp1s0.20\nvlanID: 20\nparent: enp1s0\n"),
        refused("VLANConfig with an out-of-range id", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: VLANConfig\nname: enp1s0.20\nvlanID: 5000\nparent: enp1s0\n",
            "vlanID must be specified and between 1 and 4094"),
        accepted("BondConfig over physical links", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: BondConfig\nname: bond0\nlinks: [enp1s0, enp2s0]\nbondMode: 802.3ad\n"),
        // container/container.go New: link documents of different kinds may not share a name
        refused("LinkConfig and BondConfig of one name", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: BondConfig\nname: bond0\nlinks: [enp1s0]\nbondMode: 802.3ad\n---\n"
                + "apiVersion: v1alpha1\nkind: LinkConfig\nname: bond0\nmtu: 9000\n",
            "conflicting documents: BondConfig/bond0 and LinkConfig/bond0"),
        // network/link.go CommonLinkConfig.Validate
        refused("LinkConfig address out of range", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: LinkConfig\nname: enp1s0\naddresses: [{address: 10.0.0.300/24}]\n",
            "address 0 must be a valid IP prefix"),
        accepted("LinkConfig with an address and a default route", MULTIDOC, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: LinkConfig\nname: enp1s0\naddresses: [{address: 10.0.0.5/24}]\n"
                + "routes: [{gateway: 10.0.0.1}]\n"),
        // decoder.go: duplicates
        refused("two HostnameConfig documents", MULTIDOC, CONTROL_PLANE, "", HOSTNAME_STABLE + "---\n" + HOSTNAME_STABLE,
            "duplicate document v1alpha1/HostnameConfig/ is not allowed"),
        // v1alpha1_validation.go, metal mode
        refused("no install disk and no selector", ALL, CONTROL_PLANE,
            "machine: {install: {disk: \"\", image: ghcr.io/siderolabs/installer:v1.13.9}}", "",
            "either install disk or diskSelector should be defined"),
        accepted("an install disk selector and no disk", ALL, CONTROL_PLANE,
            "machine: {install: {disk: \"\", diskSelector: {type: nvme}}}", ""),
        refused("endpoint without a scheme", ALL, CONTROL_PLANE, "cluster: {controlPlane: {endpoint: \"10.0.0.1:6443\"}}",
            "", "invalid controlplane endpoint"),
        refused("IPv6 endpoint without brackets", ALL, CONTROL_PLANE,
            "cluster: {controlPlane: {endpoint: \"https://fd00::1:6443\"}}", "",
            "IPv6 addresses MUST be enclosed by square brackets"),
        refused("endpoint port out of range", ALL, CONTROL_PLANE,
            "cluster: {controlPlane: {endpoint: \"https://10.0.0.1:70000\"}}", "", "port number must be between 1 and 65535"),
        accepted("bracketed IPv6 endpoint", ALL, CONTROL_PLANE,
            "cluster: {controlPlane: {endpoint: \"https://[fd00::1]:6443\"}}", ""),
        refused("worker with the Talos CA key", ALL, WORKER, "machine: {ca: {crt: Y3J0, key: a2V5}}", "",
            "issuing Talos API CA key is not allowed on non-controlplane nodes"),
        refused("worker with the Kubernetes CA key", ALL, WORKER, "cluster: {ca: {crt: Y3J0, key: a2V5}}", "",
            "issuing Kubernetes API CA key is not allowed on non-controlplane nodes"),
        accepted("worker as Talos generates it", ALL, WORKER, "", ""),
        refused("control plane without the CA key", ALL, CONTROL_PLANE, "machine: {ca: {crt: Y3J0, key: \"\"}}", "",
            "issuing CA key is required for controlplane nodes"),
        refused("unknown CNI", ALL, CONTROL_PLANE, "cluster: {network: {cni: {name: cilium}}}", "",
            "cni name should be one of"),
        accepted("custom CNI with URLs", ALL, CONTROL_PLANE,
            "cluster: {network: {cni: {name: custom, urls: [\"https://example.com/cni.yaml\"]}}}", ""),
        refused("invalid cluster DNS domain", ALL, CONTROL_PLANE, "cluster: {network: {dnsDomain: \"bad domain\"}}", "",
            "is not a valid DNS name"),
        refused("duplicate inline manifest names", ALL, CONTROL_PLANE,
            "cluster: {inlineManifests: [{name: a, contents: x}, {name: a, contents: y}]}", "",
            "inline manifest name \"a\" is duplicate"),
        refused("invalid node label key", ALL, CONTROL_PLANE, "machine: {nodeLabels: {\"-bad\": x}}", "",
            "invalid machine node labels"),
        refused("legacy interface with a bad address", List.of(8, 11, 12, 13), CONTROL_PLANE,
            "machine: {network: {interfaces: [{interface: eth0, addresses: [10.0.0.300/24]}]}}", "",
            "[networking.os.device.addresses]"),
        refused("VIP on a worker interface", List.of(8, 11, 12, 13), WORKER,
            "machine: {network: {interfaces: [{interface: eth0, dhcp: true, vip: {ip: 10.0.0.5}}]}}", "",
            "virtual (shared) IP is not allowed on non-controlplane nodes"),
        // schema: strict decoding, per release
        refused("unknown machine field", ALL, CONTROL_PLANE, "machine: {sysctl: {a: b}}", "",
            "unknown keys found during decoding: field sysctl not found in type v1alpha1.MachineConfig"),
        refused("certSANs as a scalar", ALL, CONTROL_PLANE, "machine: {certSANs: 5}", "", "array expected"),
        refused("grubUseUKICmdline before 1.12", List.of(8, 11), CONTROL_PLANE,
            "machine: {install: {grubUseUKICmdline: true}}", "", "field grubUseUKICmdline not found"),
        accepted("grubUseUKICmdline from 1.12", MULTIDOC, CONTROL_PLANE, "machine: {install: {grubUseUKICmdline: true}}", ""),
        // schema gaps (reference/talos-schema/README.md): legacy fields Talos still decodes
        accepted("legacy machine.network.interfaces on 1.13", ALL, CONTROL_PLANE,
            "machine: {network: {interfaces: [{interface: eth0, dhcp: true}]}}", ""),
        accepted("legacy persist and registries", ALL, CONTROL_PLANE,
            "persist: true\nmachine: {registries: {mirrors: {docker.io: {endpoints: [\"https://m.example\"]}}}}", ""),
        accepted("logging endpoint as a URL string", ALL, CONTROL_PLANE,
            "machine: {logging: {destinations: [{endpoint: \"udp://10.0.0.9:514\", format: json_lines}]}}", ""),
        accepted("scalars in string maps, as go-yaml decodes them", ALL, CONTROL_PLANE,
            "machine: {nodeLabels: {ready: true}, kubelet: {extraArgs: {rotate-server-certificates: true}}}", ""),
        accepted("KubeSpanEndpointsConfig, the kind name Talos registers", ALL, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: KubeSpanEndpointsConfig\nextraAnnouncedEndpoints: [\"10.0.0.1:51820\"]\n"),
        refused("KubeSpanEndpoints, the schema's name", ALL, CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: KubeSpanEndpoints\n", "not registered"),
        accepted("ImageVerificationConfig from 1.13", List.of(13), CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: ImageVerificationConfig\nrules: []\n"),
        refused("ImageVerificationConfig before 1.13", List.of(12), CONTROL_PLANE, "",
            "apiVersion: v1alpha1\nkind: ImageVerificationConfig\n", "not registered"),
        // network/resolver.go, time_sync.go V1Alpha1ConflictValidate
        refused("nameservers in v1alpha1 and a ResolverConfig", MULTIDOC, CONTROL_PLANE,
            "machine: {network: {nameservers: [1.1.1.1]}}",
            "apiVersion: v1alpha1\nkind: ResolverConfig\nnameservers: [{address: 8.8.8.8}]\n",
            ".machine.network.nameservers is already set in v1alpha1 config"),
        refused("time servers in v1alpha1 and a TimeSyncConfig", MULTIDOC, CONTROL_PLANE,
            "machine: {time: {servers: [pool.ntp.org]}}",
            "apiVersion: v1alpha1\nkind: TimeSyncConfig\nntp: {servers: [time.cloudflare.com]}\n",
            "time servers cannot be specified in both v1alpha1 and new-style configuration"))
        .flatMap(c -> c.minors().stream().map(m -> Arguments.of(c, m)));
  }

  @ParameterizedTest(name = "{0} on 1.{1}")
  @MethodSource("cases")
  void refusesWhatTalosRefusesAndAcceptsTheRest(Case c, int minor) {
    List<Finding> found = ConfigValidator.validate(Docs.of(c.base(), c.patch(), c.more()), minor);
    List<String> text = new ArrayList<>(found.stream().map(Finding::toString).toList());
    if (c.want() == null) {
      assertThat(text).as(c.name()).isEmpty();
    } else {
      assertThat(text).as(c.name()).anyMatch(t -> t.contains(c.want()));
    }
  }

  private static Case refused(String name, List<Integer> minors, String base, String patch, String more, String want) {
    return new Case(name, minors, base, patch, more, want);
  }

  private static Case accepted(String name, List<Integer> minors, String base, String patch, String more) {
    return new Case(name, minors, base, patch, more, null);
  }
}
