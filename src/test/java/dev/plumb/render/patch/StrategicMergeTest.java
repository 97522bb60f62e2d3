package dev.plumb.render.patch;

import static dev.plumb.render.patch.PatchFixture.apply;
import static dev.plumb.render.patch.PatchFixture.docs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed merge of Talos (siderolabs/talos pkg/machinery/config/merge/merge.go) on plumb's plain
 * maps: each row is a config, a patch, and the config Talos produces.
 */
class StrategicMergeTest {
  static Stream<Arguments> rows() {
    return Stream.of(
        // v1alpha1_types.go: PodSubnet/ServiceSubnet are merge:"replace"; certSANs has no tag and appends
        Arguments.of("subnets replaced, other lists appended",
            "version: v1alpha1\nmachine: {certSANs: [a]}\ncluster: {network: {podSubnets: [10.244.0.0/16], serviceSubnets: [10.96.0.0/12]}}",
            "machine: {certSANs: [b]}\ncluster: {network: {podSubnets: [10.1.0.0/16], serviceSubnets: [10.2.0.0/16]}}",
            "version: v1alpha1\nmachine: {certSANs: [a, b]}\ncluster: {network: {podSubnets: [10.1.0.0/16], serviceSubnets: [10.2.0.0/16]}}"),
        // configpatcher/testdata/auditpolicy: auditPolicy (merge:"replace") is replaced as a whole object
        Arguments.of("auditPolicy replaced whole",
            "version: v1alpha1\ncluster: {apiServer: {auditPolicy: {apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: Metadata}], omitStages: [RequestReceived]}}}",
            "cluster:\n  apiServer:\n    auditPolicy:\n      apiVersion: audit.k8s.io/v1\n      kind: Policy\n      rules:\n        - level: None\n",
            "version: v1alpha1\ncluster: {apiServer: {auditPolicy: {apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: None}]}}}"),
        // merge.go: a zero value is not merged, except booleans; for a map key that exists, "" keeps the old value
        Arguments.of("zero values do not overwrite, false does",
            "version: v1alpha1\nmachine: {type: worker, nodeLabels: {a: x}, kubelet: {registerWithFQDN: true}, features: {kubePrism: {port: 7445}}}",
            "machine: {type: \"\", nodeLabels: {a: \"\", b: \"\"}, kubelet: {registerWithFQDN: false}, features: {kubePrism: {port: 0}}}",
            "version: v1alpha1\nmachine: {type: worker, nodeLabels: {a: x, b: \"\"}, kubelet: {registerWithFQDN: false}, features: {kubePrism: {port: 7445}}}"),
        // merge.go: maps merge per key; an unset struct field stays unset for a zero value
        Arguments.of("maps merge per key, zero into unset struct field is dropped",
            "version: v1alpha1\nmachine: {sysctls: {a: '1'}}",
            "machine: {sysctls: {b: '2'}, install: {disk: \"\", image: img}}",
            "version: v1alpha1\nmachine: {sysctls: {a: '1', b: '2'}, install: {image: img}}"),
        // network/rule_config.go (talos#8137): ingress and portSelector.ports are merge:"replace"
        Arguments.of("NetworkRuleConfig ingress and ports replaced",
            "version: v1alpha1\n---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: r\nportSelector: {ports: [80], protocol: tcp}\ningress: [{subnet: 10.0.0.0/8}]",
            "apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: r\nportSelector: {ports: [443]}\ningress: [{subnet: 192.168.0.0/16}]",
            "version: v1alpha1\n---\napiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: r\nportSelector: {ports: [443], protocol: tcp}\ningress: [{subnet: 192.168.0.0/16}]"),
        // v1alpha1_types.go NetworkDeviceList.Merge and VlanList.Merge: by interface, then by vlanId
        Arguments.of("interfaces merged by name, vlans by id",
            "version: v1alpha1\nmachine: {network: {interfaces: [{interface: eth0, addresses: [10.0.0.2/24], vlans: [{vlanId: 5, mtu: 1500}]}]}}",
            "machine: {network: {interfaces: [{interface: eth0, addresses: [10.0.0.3/24], vlans: [{vlanId: 5, mtu: 9000}, {vlanId: 6}]}, {interface: eth1, dhcp: true}]}}",
            "version: v1alpha1\nmachine: {network: {interfaces: [{interface: eth0, addresses: [10.0.0.2/24, 10.0.0.3/24], vlans: [{vlanId: 5, mtu: 9000}, {vlanId: 6}]}, {interface: eth1, dhcp: true}]}}"),
        // mergeDevice compares *DeviceSelector structs; their physical *bool never compares equal
        Arguments.of("device selectors merged when equal, never with physical set",
            "version: v1alpha1\nmachine: {network: {interfaces: [{deviceSelector: {busPath: '0*'}, mtu: 1500}, {deviceSelector: {physical: true}, dhcp: true}]}}",
            "machine: {network: {interfaces: [{deviceSelector: {busPath: '0*'}, mtu: 9000}, {deviceSelector: {physical: true}, dhcp: false}]}}",
            "version: v1alpha1\nmachine: {network: {interfaces: [{deviceSelector: {busPath: '0*'}, mtu: 9000}, {deviceSelector: {physical: true}, dhcp: true}, {deviceSelector: {physical: true}, dhcp: false}]}}"),
        // AdmissionPluginConfigList.Merge: by name
        Arguments.of("admission plugins merged by name",
            "version: v1alpha1\ncluster: {apiServer: {admissionControl: [{name: PodSecurity, configuration: {a: 1, b: 2}}]}}",
            "cluster: {apiServer: {admissionControl: [{name: PodSecurity, configuration: {b: 3}}, {name: Other}]}}",
            "version: v1alpha1\ncluster: {apiServer: {admissionControl: [{name: PodSecurity, configuration: {a: 1, b: 3}}, {name: Other}]}}"),
        // patching.md (1.12): ExtensionServiceConfig.configFiles merged matching on mountPath
        Arguments.of("extension service config files merged by mountPath",
            "version: v1alpha1\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\nconfigFiles: [{content: a, mountPath: /etc/a}]",
            "apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\nconfigFiles: [{content: b, mountPath: /etc/a}, {content: c, mountPath: /etc/c}]",
            "version: v1alpha1\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\nconfigFiles: [{content: b, mountPath: /etc/a}, {content: c, mountPath: /etc/c}]"),
        // strategic.go: a document with no match is appended
        Arguments.of("unmatched document appended",
            "version: v1alpha1",
            "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: h1",
            "version: v1alpha1\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: h1"),
        // configpatcher/testdata/patchdelete: config.yaml + strategic1.yaml = expected.yaml
        Arguments.of("Talos's patchdelete test",
            "version: v1alpha1\nmachine:\n  network:\n    hostname: hostname1\n    interfaces:\n      - interface: eth0\n        dhcp: true\n"
                + "      - interface: eth1\n        addresses: [10.3.5.4/32]\n---\napiVersion: v1alpha1\nkind: SideroLinkConfig\n"
                + "apiUrl: https://siderolink.api/join?jointoken=secret&user=alice\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\n"
                + "name: foo\nconfigFiles:\n    - content: hello\n      mountPath: /etc/foo\nenvironment:\n    - FOO=BAR\n",
            "apiVersion: v1alpha1\nkind: SideroLinkConfig\n$patch: delete\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\n"
                + "name: foo\nconfigFiles:\n  - content: hello\n    $patch: delete\n  - content: hello2\n    mountPath: /etc/foo2\n---\n"
                + "version: v1alpha1\nmachine:\n  network:\n    hostname:\n      $patch: delete\n    interfaces:\n"
                + "      - interface: eth0\n        $patch: delete\n      - interface: eth1\n        addresses: [10.3.5.5/32]\n"
                + "      - interface: eth0\n        dummy: true\n",
            "version: v1alpha1\nmachine:\n  network:\n    interfaces:\n      - interface: eth1\n        addresses: [10.3.5.4/32, 10.3.5.5/32]\n"
                + "      - interface: eth0\n        dummy: true\n---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: foo\n"
                + "configFiles:\n    - content: hello2\n      mountPath: /etc/foo2\nenvironment:\n    - FOO=BAR\n"),
        // selector.go: deleting a struct field that is not set zeroes it, no error
        Arguments.of("delete of an unset struct field is fine",
            "version: v1alpha1\ncluster: {clusterName: c}",
            "cluster: {proxy: {$patch: delete}}",
            "version: v1alpha1\ncluster: {clusterName: c}"),
        // delete.go: a mapping emptied by deletes goes too, and an emptied document is not merged
        Arguments.of("delete of a map key and a whole list",
            "version: v1alpha1\nmachine: {nodeLabels: {a: x, b: y}, certSANs: [s]}",
            "machine:\n  nodeLabels:\n    a:\n      $patch: delete\n  certSANs:\n    $patch: delete\n",
            "version: v1alpha1\nmachine: {nodeLabels: {b: y}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void mergesAsTalos(String name, String config, String patch, String expected) {
    assertThat(apply(13, config, patch)).isEqualTo(docs(expected));
  }

  @ParameterizedTest(name = "Talos 1.{0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {8, 9, 10, 11, 12, 13})
  void replacedFieldsTheSameOnEveryVersion(int minor) {
    // merge:"replace" on pod/service subnets and NetworkRuleConfig predates 1.8 (talos#8137 is 1.7)
    assertThat(apply(minor, "version: v1alpha1\ncluster: {network: {podSubnets: [a]}}",
        "cluster: {network: {podSubnets: [b]}}")).isEqualTo(docs("version: v1alpha1\ncluster: {network: {podSubnets: [b]}}"));
  }
}
