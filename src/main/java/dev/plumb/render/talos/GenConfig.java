package dev.plumb.render.talos;

import dev.plumb.render.patch.ConfigShape;
import dev.plumb.render.patch.JsonPatches;
import dev.plumb.render.patch.LoadedPatch;
import dev.plumb.render.patch.PatchLoader;
import dev.plumb.render.patch.StrategicMerge;
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
  private final StrategicMerge merge;

  public GenConfig(GenInput input) {
    this.generator = new TalosGenerator(input);
    this.merge = new StrategicMerge(ConfigShape.forVersion(input.contract().version()), input.contract().minor());
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

  /** configpatcher.LoadPatch then Apply: strategic merge or RFC 6902, told apart by content, as in Talos. */
  private List<Map<String, Object>> apply(List<Map<String, Object>> docs, Patch p) {
    LoadedPatch loaded = PatchLoader.load(p.name(), p.text());
    return loaded instanceof LoadedPatch.Strategic s ? merge.apply(docs, s)
        : JsonPatches.apply(docs, (LoadedPatch.Json6902) loaded);
  }
}
