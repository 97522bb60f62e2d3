package dev.plumb.render.talos;

import dev.plumb.render.patch.JsonPatches;
import dev.plumb.render.patch.PatchException;
import dev.plumb.render.patch.StrategicMerge;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code talosctl gen config} without talhelper (siderolabs/talos cmd/talosctl/cmd/mgmt/gen/config.go
 * and pkg/machinery/config/bundle/bundle.go): Talos's generator for a control plane and a worker,
 * then the patches for every type, then those for control planes, then those for workers.
 */
public final class GenConfig {
  /** A loaded patch: its name for errors and its text. */
  public record Patch(String name, String text) {}

  private final TalosGenerator generator;

  public GenConfig(GenInput input) {
    this.generator = new TalosGenerator(input);
  }

  /** The patched documents of one role. */
  public List<Map<String, Object>> documents(boolean controlPlane, List<Patch> all, List<Patch> roleOnly) {
    List<Map<String, Object>> docs = generator.generate(controlPlane);
    for (Patch p : all) {
      docs = apply(docs, p);
    }
    for (Patch p : roleOnly) {
      docs = apply(docs, p);
    }
    return docs;
  }

  /**
   * configpatcher.LoadPatch: text that loads as config documents is a strategic merge patch; a
   * YAML or JSON list is an RFC 6902 patch; empty text is an empty JSON patch, as in Talos.
   */
  static List<Map<String, Object>> apply(List<Map<String, Object>> docs, Patch p) {
    List<YNode> parsed = YamlReader.readAll(p.name(), p.text());
    try {
      if (parsed.isEmpty()) {
        return JsonPatches.apply(docs, List.of(), p.name());
      }
      if (parsed.size() == 1 && parsed.get(0) instanceof YList ops) {
        return JsonPatches.apply(docs, new ArrayList<>((List<?>) YValues.toJava(ops)), p.name());
      }
      List<Map<String, Object>> patch = new ArrayList<>();
      for (YNode d : parsed) {
        if (!(d instanceof YMap)) {
          throw new PatchException(p.name() + ": line " + d.mark().line()
              + ": a patch is config documents (strategic merge) or a list of JSON patch operations");
        }
        patch.add(ConfigGenerator.asMap(YValues.toJava(d)));
      }
      return StrategicMerge.apply(docs, patch, p.name());
    } catch (IllegalArgumentException e) {
      throw new PatchException(p.name() + ": " + e.getMessage(), e);
    }
  }
}
