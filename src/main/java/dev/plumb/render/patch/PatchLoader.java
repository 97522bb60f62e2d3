package dev.plumb.render.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads config patches as Talos's {@code configpatcher.LoadPatch} does (siderolabs/talos
 * pkg/machinery/config/configpatcher/load.go): first as a partial multi-document machine config with
 * {@code $patch: delete} allowed (a strategic merge patch), else as a JSON RFC 6902 array, else as a
 * YAML list of operations. Text with no document at all is an empty RFC 6902 patch, as in Talos.
 * YAML is read through {@link YamlReader}, so a patch gets the same size, alias and depth limits as
 * a talconfig.
 */
public final class PatchLoader {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
  private static final Set<String> LEGACY_KEYS = Set.of("machine", "cluster", "debug", "persist");

  private PatchLoader() {}

  /** One patch; {@code source} names it in errors. */
  public static LoadedPatch load(String source, String text) {
    List<YNode> docs;
    try {
      docs = YamlReader.readAll(source, text).stream().filter(d -> !isNull(d)).toList();
    } catch (RenderException e) {
      if (text.strip().startsWith("[")) {
        return json(source, text);
      }
      throw e;
    }
    if (docs.isEmpty()) {
      return new LoadedPatch.Json6902(source, List.of());
    }
    PatchException strategicErr = null;
    try {
      return strategic(source, docs);
    } catch (PatchException e) {
      strategicErr = e;
    }
    if (text.strip().startsWith("[")) {
      return json(source, text);
    }
    if (docs.get(0) instanceof YList ops && ops.items().stream().allMatch(o -> o instanceof YMap)) {
      return new LoadedPatch.Json6902(source, new ArrayList<>((List<?>) YValues.toJava(ops)));
    }
    throw strategicErr;
  }

  private static boolean isNull(YNode d) {
    return d instanceof YScalar s && s.plain() && (s.text().isEmpty() || s.text().equals("~") || s.text().equals("null"));
  }

  private static LoadedPatch json(String source, String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isArray()) {
        throw new PatchException(source, 1, "json: cannot unmarshal " + (n == null ? "nothing" : n.getNodeType()
            .toString().toLowerCase(java.util.Locale.ROOT)) + " into Go value of type jsonpatch.Patch");
      }
      List<Object> ops = new ArrayList<>();
      for (JsonNode op : n) {
        ops.add(JSON.convertValue(op, Object.class));
      }
      return new LoadedPatch.Json6902(source, ops);
    } catch (JsonProcessingException e) {
      throw new PatchException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "invalid JSON patch: " + e.getOriginalMessage());
    }
  }

  private static LoadedPatch strategic(String source, List<YNode> docs) {
    List<LoadedPatch.Step> legacyDeletes = new ArrayList<>();
    List<LoadedPatch.Step> legacy = new ArrayList<>();
    List<LoadedPatch.Step> rest = new ArrayList<>();
    for (YNode d : docs) {
      if (!(d instanceof YMap m)) {
        throw new PatchException(source, d.mark().line(), "expected a YAML document at line " + d.mark().line());
      }
      DeleteExtractor.Result r = DeleteExtractor.extract(source, m);
      for (LoadedPatch.Delete del : r.deletes()) {
        (del.kind().equals("v1alpha1") ? legacyDeletes : rest).add(del);
      }
      if (r.body() != null) {
        LoadedPatch.Merge merge = new LoadedPatch.Merge(documentId(source, r.body(), m.mark().line()), r.body(),
            m.mark().line());
        (merge.documentId().equals(ConfigDocs.LEGACY_ID) ? legacy : rest).add(merge);
      }
    }
    List<LoadedPatch.Step> steps = new ArrayList<>(legacyDeletes);
    steps.addAll(legacy);
    steps.addAll(rest);
    return new LoadedPatch.Strategic(source, steps);
  }

  /** Talos's decoder: a document with machine/cluster/debug/persist, or no kind, is the v1alpha1 one. */
  private static String documentId(String source, Map<String, Object> body, int line) {
    String kind = body.get("kind") instanceof String k ? k : "";
    String version = body.get("apiVersion") instanceof String v ? v : "";
    String name = body.get("name") instanceof String n ? n : "";
    if (body.keySet().stream().anyMatch(LEGACY_KEYS::contains)) {
      version = "v1alpha1";
    }
    String id = version + "/" + (kind.isEmpty() ? "v1alpha1" : kind) + "/" + name;
    if (version.equals("v1alpha1") && kind.isEmpty()) {
      return ConfigDocs.LEGACY_ID;
    }
    if (kind.isEmpty() || version.isEmpty()) {
      throw new PatchException(source, line, "error decoding document " + id + " (line " + line + "): missing "
          + (kind.isEmpty() ? "kind" : "apiVersion"));
    }
    return version + "/" + kind + (name.isEmpty() ? "" : "/" + name);
  }

  /**
   * The patches of a {@code --patch} list, as Talos's {@code LoadPatches}: {@code @file} reads a file;
   * a value with no space or newline that does not start with {@code [} or <code>{</code> is a file
   * name too; anything else is the patch itself. Consecutive JSON patches are joined into one.
   */
  public static List<LoadedPatch> loadAll(List<String> args, PatchFiles files) {
    List<LoadedPatch> out = new ArrayList<>();
    for (String arg : args) {
      boolean ref = arg.startsWith("@");
      String src = ref ? arg.substring(1) : arg;
      if (src.matches("(?i)https?://.+")) {
        throw new PatchException("error fetching patch \"" + src + "\": plumb reads patches from files only");
      }
      boolean bareName = !arg.contains(" ") && !arg.contains("\n") && !arg.startsWith("[") && !arg.startsWith("{");
      LoadedPatch p = ref || bareName ? load(src, files.read(src)) : load("inline patch", arg);
      if (p instanceof LoadedPatch.Json6902 j && !out.isEmpty() && out.get(out.size() - 1) instanceof LoadedPatch.Json6902 prev) {
        List<Object> ops = new ArrayList<>(prev.ops());
        ops.addAll(j.ops());
        out.set(out.size() - 1, new LoadedPatch.Json6902(prev.source() + ", " + j.source(), ops));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** Reads a patch file; throws {@link PatchException} with the reason when it cannot. */
  @FunctionalInterface
  public interface PatchFiles {
    String read(String path);
  }
}
