package dev.plumb.render.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Test documents: a control-plane or worker v1alpha1 document as Talos's generator writes it (trimmed
 * to what validation reads), with YAML fragments merged in, followed by extra documents.
 */
final class Docs {
  static final String CONTROL_PLANE = """
      version: v1alpha1
      machine:
        type: controlplane
        token: abcdef.0123456789abcdef
        ca: {crt: Y3J0, key: a2V5}
        certSANs: []
        kubelet: {image: ghcr.io/siderolabs/kubelet:v1.33.0}
        install: {disk: /dev/sda, image: ghcr.io/siderolabs/installer:v1.13.9, wipe: false}
      cluster:
        id: aWQ=
        secret: c2VjcmV0
        controlPlane: {endpoint: "https://10.0.0.1:6443"}
        clusterName: demo
        network: {dnsDomain: cluster.local, podSubnets: [10.244.0.0/16], serviceSubnets: [10.96.0.0/12]}
        token: abcdef.0123456789abcdef
        secretboxEncryptionSecret: c2Vj
        ca: {crt: Y3J0, key: a2V5}
        etcd: {ca: {crt: Y3J0, key: a2V5}}
        discovery: {enabled: true, registries: {kubernetes: {disabled: true}, service: {}}}
      """;
  static final String WORKER = """
      version: v1alpha1
      machine:
        type: worker
        token: abcdef.0123456789abcdef
        ca: {crt: Y3J0, key: ""}
        certSANs: []
        install: {disk: /dev/sda, image: ghcr.io/siderolabs/installer:v1.13.9, wipe: false}
      cluster:
        id: aWQ=
        secret: c2VjcmV0
        controlPlane: {endpoint: "https://10.0.0.1:6443"}
        clusterName: demo
        network: {dnsDomain: cluster.local, podSubnets: [10.244.0.0/16], serviceSubnets: [10.96.0.0/12]}
        token: abcdef.0123456789abcdef
        ca: {crt: Y3J0, key: ""}
        discovery: {enabled: true, registries: {kubernetes: {disabled: true}, service: {}}}
      """;

  private Docs() {}

  /** {@code base} with {@code patch} merged into it (maps merged, everything else replaced), then {@code more}. */
  static List<Map<String, Object>> of(String base, String patch, String more) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> v1 = load(base).get(0);
    if (!patch.isBlank()) {
      merge(v1, load(patch).get(0));
    }
    out.add(v1);
    if (!more.isBlank()) {
      out.addAll(load(more));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> load(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (o != null) {
        out.add(new LinkedHashMap<>((Map<String, Object>) o));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> patch) {
    patch.forEach((k, v) -> {
      if (v instanceof Map && into.get(k) instanceof Map) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) into.get(k));
        merge(copy, (Map<String, Object>) v);
        into.put(k, copy);
      } else {
        into.put(k, v);
      }
    });
  }
}
