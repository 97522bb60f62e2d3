package dev.plumb.render.patch;

import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Configs and patches written as YAML text, applied as Talos's configpatcher would. */
final class PatchFixture {
  private PatchFixture() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> docs(String yaml) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (YNode n : YamlReader.readAll("config.yaml", yaml)) {
      out.add((Map<String, Object>) YValues.toJava(n));
    }
    return out;
  }

  /** Applies the patches in order, for Talos 1.{@code minor}. */
  static List<Map<String, Object>> apply(int minor, String config, String... patches) {
    List<Map<String, Object>> docs = docs(config);
    StrategicMerge merge = new StrategicMerge(ConfigShape.forVersion("v1." + minor + ".0"), minor);
    for (String p : patches) {
      LoadedPatch lp = PatchLoader.load("patch.yaml", p);
      docs = lp instanceof LoadedPatch.Strategic s ? merge.apply(docs, s) : JsonPatches.apply(docs, (LoadedPatch.Json6902) lp);
    }
    return docs;
  }
}
