package dev.plumb.render.patch;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Talos's {@code configpatcher.Apply} on a config file's text (siderolabs/talos
 * pkg/machinery/config/configpatcher/apply.go): the patches in order, the config re-encoded once a
 * patch has run; with no patch at all the text comes back unchanged.
 */
public final class ConfigPatcher {
  private final StrategicMerge merge;
  private final String talosVersion;

  /** Patching as Talos 1.{@code minor} does. */
  public ConfigPatcher(String talosVersion, int minor) {
    this.merge = new StrategicMerge(ConfigShape.forVersion(talosVersion), minor);
    this.talosVersion = talosVersion;
  }

  /** The patched config; {@code file} names the config in errors. */
  public byte[] apply(String file, byte[] config, List<LoadedPatch> patches) {
    if (patches.isEmpty()) {
      return config;
    }
    List<Map<String, Object>> docs = parse(file, new String(config, StandardCharsets.UTF_8));
    for (LoadedPatch p : patches) {
      docs = p instanceof LoadedPatch.Strategic s ? merge.apply(docs, s) : JsonPatches.apply(docs, (LoadedPatch.Json6902) p);
    }
    return CanonicalYaml.encode(docs, talosVersion);
  }

  /** The config's documents; like Talos's loader, a document twice is refused. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String file, String text) {
    List<Map<String, Object>> docs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (YNode n : YamlReader.readAll(file, text)) {
      if (!(YValues.toJava(n) instanceof Map<?, ?> m)) {
        throw new PatchException(file, n.mark().line(), "expected a YAML document at line " + n.mark().line());
      }
      Map<String, Object> doc = (Map<String, Object>) m;
      String id = ConfigDocs.talosId(doc);
      if (!seen.add(id)) {
        throw new PatchException(file, n.mark().line(), "duplicate document " + id + " is not allowed (line "
            + n.mark().line() + ")");
      }
      docs.add(doc);
    }
    if (docs.isEmpty()) {
      throw new PatchException(file, 0, "config not found");
    }
    return docs;
  }
}
