package dev.plumb.render.talos;

import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses the YAML of a test row: talconfig input on one side, expected documents as plain maps on the other. */
final class NetDocFixture {
  private NetDocFixture() {}

  /** The documents NetworkDocs writes for a {@code networkInterfaces} list given as YAML. */
  static List<Map<String, Object>> network(String interfacesYaml) {
    YNode n = YamlReader.read("talconfig.yaml", interfacesYaml).orElseThrow();
    return new NetworkDocs(n, "nodes[0].networkInterfaces").documents();
  }

  /** The documents GeneratedDocs writes after v1alpha1 for one node (YAML of the node entry) on a Talos version. */
  static List<Map<String, Object>> generated(String version, String nodeYaml) {
    YMap node = (YMap) YamlReader.read("talconfig.yaml", nodeYaml).orElseThrow();
    return new GeneratedDocs(TalosContract.of(version), TalNode.merge(0, node, Optional.empty())).documents();
  }

  /** Expected documents written as a YAML stream, parsed as go-yaml types them. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> docs(String yamlStream) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (yamlStream.isBlank()) {
      return out;
    }
    for (YNode d : YamlReader.readAll("expected.yaml", yamlStream)) {
      out.add((Map<String, Object>) YValues.toJava(d));
    }
    return out;
  }

  /** Only the documents of one kind, in order. */
  static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /** apiVersion/kind/name of each document, in order. */
  static List<String> ids(List<Map<String, Object>> docs) {
    return docs.stream().map(dev.plumb.render.patch.ConfigDocs::identity).toList();
  }
}
