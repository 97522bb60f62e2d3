package dev.plumb.render.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule by rule: zero values (v1alpha1_types.go yaml tags: omitempty or not; yaml.v3 isZero keeps a
 * non-nil pointer), values typed by the schema (yaml.v3 decode.go: any scalar decodes into a Go string
 * as its text; y/yes/on/n/no/off decode into a Go bool), unknown keys and documents, and the content
 * digest that ignores how the bytes were written.
 */
class TalosEncoderTest {
  @Test
  void zeroValuesAreWrittenOrLeftOutAsTheStructTagsSay() {
    String in = """
        version: v1alpha1
        machine:
          type: worker
          kubelet:
            image: ""
            extraMounts:
              - destination: /var/x
                source: /var/x
                options: []
          network:
            kubespan: {enabled: false, mtu: 0}
            interfaces:
              - interface: eth0
                mtu: 0
                vlans:
                  - vlanId: 10
          install: {}
          features:
            kubePrism: {enabled: false, port: 0}
        cluster:
          controlPlane: {endpoint: https://a:6443, localAPIServerPort: 0}
          apiServer:
            certSANs: []
            extraVolumes:
              - {hostPath: /a, mountPath: /b, readonly: false}
          network: {}
          extraManifests: []
          inlineManifests: []
          discovery: {enabled: true}
        """;
    assertThat(encode(in)).isEqualTo("""
        version: v1alpha1
        machine:
          type: worker
          token: ""
          certSANs: []
          kubelet:
            extraMounts:
              - destination: /var/x
                source: /var/x
          network:
            interfaces:
              - interface: eth0
                vlans:
                  - routes: []
                    vlanId: 10
            kubespan:
              enabled: false
              mtu: 0
          install: {}
          features:
            kubePrism:
              enabled: false
        cluster:
          controlPlane:
            endpoint: https://a:6443
          network:
            dnsDomain: ""
            podSubnets: []
            serviceSubnets: []
          apiServer:
            extraVolumes:
              - hostPath: /a
                mountPath: /b
          discovery:
            enabled: true
            registries:
              kubernetes: {}
              service: {}
        """);
  }

  @Test
  void valuesTakeTheTypeOfTheirField() {
    String in = """
        version: v1alpha1
        machine:
          type: worker
          token: t
          certSANs: []
          kubelet:
            extraArgs: {enable-aggregator-routing: true, max-pods: 250, ratio: 1.50}
            registerWithFQDN: yes
            skipNodeRegistration: off
          sysctls: {vm.swappiness: 0}
          nodeLabels: {rack: 12, edge: false, empty: null}
          features:
            kubePrism: {enabled: On, port: "7445"}
        """;
    assertThat(encode(in)).isEqualTo("""
        version: v1alpha1
        machine:
          type: worker
          token: t
          certSANs: []
          kubelet:
            extraArgs:
              enable-aggregator-routing: "true"
              max-pods: "250"
              ratio: "1.5"
            registerWithFQDN: true
            skipNodeRegistration: false
          sysctls:
            vm.swappiness: "0"
          features:
            kubePrism:
              enabled: true
              port: "7445"
          nodeLabels:
            edge: "false"
            empty: ""
            rack: "12"
        """);
  }

  @Test
  void unknownKeysComeAfterKnownOnesAndUnknownDocumentsKeepTheirOrder() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("zeta", 1);
    machine.put("type", "worker");
    machine.put("alpha", "x");
    Map<String, Object> config = new LinkedHashMap<>(Map.of("version", "v1alpha1"));
    config.put("machine", machine);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("kind", "Namespace");
    manifest.put("apiVersion", "v1");
    manifest.put("metadata", Map.of("name", "x"));
    String out = new String(CanonicalYaml.encode(List.of(config, manifest), "v1.13"), StandardCharsets.UTF_8);
    assertThat(out).isEqualTo("""
        version: v1alpha1
        machine:
          type: worker
          token: ""
          certSANs: []
          alpha: x
          zeta: 1
        ---
        kind: Namespace
        apiVersion: v1
        metadata:
          name: x
        """);
  }

  // a node returns its config re-encoded by Talos: another key order, other quotes, octal modes as
  // numbers; plumb must see the same content
  @Test
  void theDigestIgnoresKeyOrderAndScalarStyle() {
    String ours = new String(CanonicalYaml.encode(docs("""
        version: v1alpha1
        machine: {type: worker, token: t, certSANs: [], sysctls: {b: "2", a: "1"},
          files: [{content: "x\\n", permissions: 0o644, path: /p, op: create}]}
        ---
        apiVersion: v1alpha1
        kind: HostnameConfig
        auto: "off"
        """), "v1.13"), StandardCharsets.UTF_8);
    String theirs = """
        machine:
            files:
                - op: create
                  path: /p
                  permissions: 420
                  content: |
                    x
            sysctls:
                a: '1'
                b: '2'
            certSANs: []
            token: "t"
            type: worker
        version: v1alpha1
        ---
        auto: 'off'
        kind: HostnameConfig
        apiVersion: v1alpha1
        """;
    String sha = CanonicalYaml.canonicalSha(ours.getBytes(StandardCharsets.UTF_8));
    assertThat(CanonicalYaml.canonicalSha(theirs.getBytes(StandardCharsets.UTF_8))).isEqualTo(sha);
    assertThat(CanonicalYaml.canonicalSha(theirs.replace("b: '2'", "b: '3'").getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(sha);
  }

  @Test
  void encodingIsIdempotent() {
    String once = encode(CanonicalYamlFixture.text());
    assertThat(encode(once)).isEqualTo(once);
  }

  static String encode(String yaml) {
    return new String(CanonicalYaml.encode(docs(yaml), "v1.11"), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> docs(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    YamlReader.readAll("test.yaml", yaml).forEach(n -> out.add((Map<String, Object>) YValues.toJava(n)));
    return out;
  }

  /** A config touching most rules at once, for the round trip. */
  static final class CanonicalYamlFixture {
    static String text() {
      return """
          version: v1alpha1
          machine:
            type: controlplane
            files: [{content: "a\\nb\\n", permissions: 0o600, path: /x, op: create}]
            nodeLabels: {b: "on", a: "", c: "1"}
            kubelet: {extraConfig: {z: 1, a: {y: true, b: "off"}}}
          cluster:
            inlineManifests: [{name: m, contents: "kind: X\\n"}]
          ---
          apiVersion: v1alpha1
          kind: HostnameConfig
          hostname: h
          auto: "off"
          """;
    }
  }
}
