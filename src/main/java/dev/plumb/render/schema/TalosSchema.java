package dev.plumb.render.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine-config schema of one Talos release line (v1.8 to v1.14), loaded from the structure-only
 * JSON schemas in {@code talos-schema/}: which document kinds exist, and for each document and $def the
 * shape of every field. talhelper encodes configs for every target version with one Talos machinery
 * (v1.14.0-alpha.2), so a def's field order is the union over all release lines (newer order first,
 * deprecated fields kept where the Go struct still has them), completed by {@link GoStructs}.
 */
public final class TalosSchema {
  public static final List<String> VERSIONS = List.of("v1.8", "v1.9", "v1.10", "v1.11", "v1.12", "v1.13", "v1.14");
  private static final Pattern VERSION = Pattern.compile("^v?1\\.(\\d+)(\\..*)?$");
  private static final Map<String, JsonNode> ROOTS = new ConcurrentHashMap<>();
  private static final Map<String, TalosSchema> CACHE = new ConcurrentHashMap<>();

  private final String version;
  private final int minor;
  private final Map<String, String> kinds = new HashMap<>();
  private final Map<String, Shape> defs = new ConcurrentHashMap<>();

  private TalosSchema(String version) {
    this.version = version;
    this.minor = Integer.parseInt(version.substring(3));
    for (JsonNode ref : root(version).path("oneOf")) {
      String def = defName(ref.path("$ref").asText());
      JsonNode props = root(version).path("$defs").path(def).path("properties");
      String kind = props.has("kind") ? props.path("kind").path("enum").path(0).asText() : "v1alpha1";
      kinds.put(kind, def);
    }
  }

  /** The schema of a release line: "v1.13", "1.13" or a full version such as "v1.13.9". */
  public static TalosSchema forVersion(String talosVersion) {
    Matcher m = VERSION.matcher(talosVersion == null ? "" : talosVersion.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Talos version: " + talosVersion);
    }
    int minor = Math.max(8, Math.min(14, Integer.parseInt(m.group(1))));
    return CACHE.computeIfAbsent("v1." + minor, TalosSchema::new);
  }

  public String version() {
    return version;
  }

  /** Whether this release line knows the document kind (Talos's own name, e.g. KubeSpanEndpointsConfig). */
  public boolean knowsKind(String kind) {
    // v1.13 and v1.14 register ImageVerificationConfig, but neither schema includes it
    return kinds.containsKey(GoStructs.KIND_ALIASES.getOrDefault(kind, kind))
        || "ImageVerificationConfig".equals(kind) && minor >= 13;
  }

  /** The shape of a whole document: the legacy v1alpha1 config, or a typed document by its kind. */
  public Optional<Shape> document(Map<String, Object> doc) {
    Object kind = doc.get("kind");
    if (kind == null) {
      return "v1alpha1".equals(String.valueOf(doc.get("version"))) ? Optional.of(def("v1alpha1.Config"))
          : Optional.empty();
    }
    String def = kinds.get(GoStructs.KIND_ALIASES.getOrDefault(String.valueOf(kind), String.valueOf(kind)));
    return def == null ? Optional.empty() : Optional.of(def(def));
  }

  /** The shape of a $def, its fields merged over every release line that has it. */
  public Shape def(String name) {
    Shape s = defs.get(name);
    if (s == null) {
      s = build(name);
      defs.put(name, s);
    }
    return s;
  }

  private Shape build(String name) {
    if (GoStructs.STRING_DEFS.contains(name)) {
      return Shape.scalar(Shape.Kind.STRING);
    }
    LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>();
    JsonNode newest = null;
    for (String v : VERSIONS) {
      JsonNode d = root(v).path("$defs").path(name);
      if (!d.isMissingNode()) {
        mergeFields(fields, d.path("properties"));
        newest = d;
      }
    }
    if (newest == null) {
      return Shape.ANY;
    }
    if (newest.has("properties")) {
      return Shape.struct(this, name, fields);
    }
    return shapeOf(newest);
  }

  /** Newer field order wins; a field only older lines have stays right after its old predecessor. */
  private static void mergeFields(LinkedHashMap<String, JsonNode> acc, JsonNode props) {
    List<String> older = new ArrayList<>(acc.keySet());
    Map<String, JsonNode> old = new HashMap<>(acc);
    acc.clear();
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      acc.put(e.getKey(), e.getValue());
    }
    for (int i = 0; i < older.size(); i++) {
      String f = older.get(i);
      if (!acc.containsKey(f)) {
        String after = i == 0 ? null : older.get(i - 1);
        insertAfter(acc, after, f, old.get(f));
      }
    }
  }

  private static void insertAfter(LinkedHashMap<String, JsonNode> acc, String after, String key, JsonNode value) {
    LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>();
    if (after == null || !acc.containsKey(after)) {
      copy.put(key, value);
    }
    for (Map.Entry<String, JsonNode> e : acc.entrySet()) {
      copy.put(e.getKey(), e.getValue());
      if (e.getKey().equals(after)) {
        copy.put(key, value);
      }
    }
    acc.clear();
    acc.putAll(copy);
  }

  /** The shape a schema node describes. */
  Shape shapeOf(JsonNode n) {
    if (n.has("$ref")) {
      return def(defName(n.path("$ref").asText()));
    }
    if (n.has("oneOf")) {
      // string or list of strings (Args): a scalar is decoded into the string; integer or string
      // (port ranges) keeps its type
      boolean string = false;
      boolean other = false;
      for (JsonNode alt : n.path("oneOf")) {
        String t = alt.path("type").asText();
        string |= "string".equals(t);
        other |= "integer".equals(t) || "number".equals(t) || "boolean".equals(t);
      }
      return string && !other ? Shape.stringish() : Shape.ANY;
    }
    String type = n.path("type").asText("");
    return switch (type) {
      case "array" -> Shape.container(this, Shape.Kind.LIST, n.path("items").isMissingNode() ? null : n.path("items"));
      case "object" -> objectShape(n);
      case "string" -> Shape.scalar(Shape.Kind.STRING);
      case "integer" -> Shape.scalar(Shape.Kind.INTEGER);
      case "boolean" -> Shape.scalar(Shape.Kind.BOOLEAN);
      default -> enumShape(n);
    };
  }

  private Shape objectShape(JsonNode n) {
    JsonNode ap = n.path("additionalProperties");
    if (ap.isObject()) {
      return Shape.container(this, Shape.Kind.MAP, ap);
    }
    JsonNode pp = n.path("patternProperties");
    if (pp.isObject() && pp.size() > 0) {
      return Shape.container(this, Shape.Kind.MAP, pp.elements().next());
    }
    if (n.path("properties").isObject() && n.path("properties").size() > 0) {
      LinkedHashMap<String, JsonNode> fields = new LinkedHashMap<>();
      n.path("properties").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
      return Shape.struct(this, null, fields);
    }
    return Shape.FREEFORM;
  }

  private static Shape enumShape(JsonNode n) {
    JsonNode first = n.path("enum").path(0);
    if (first.isTextual()) {
      return Shape.scalar(Shape.Kind.STRING);
    }
    if (first.isBoolean()) {
      return Shape.scalar(Shape.Kind.BOOLEAN);
    }
    if (first.isIntegralNumber()) {
      return Shape.scalar(Shape.Kind.INTEGER);
    }
    return Shape.ANY;
  }

  private static String defName(String ref) {
    return ref.substring(ref.lastIndexOf('/') + 1);
  }

  private static JsonNode root(String version) {
    return ROOTS.computeIfAbsent(version, v -> {
      String path = "/talos-schema/" + v + ".schema.json";
      try (InputStream in = TalosSchema.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + path);
        }
        return new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
