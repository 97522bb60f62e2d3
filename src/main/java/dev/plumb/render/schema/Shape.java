package dev.plumb.render.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shape of one place in a Talos machine-config document, as the schema (and the Go structs
 * behind it) describe it: a struct with ordered fields, a map with typed values, a list, a scalar
 * type, or free-form data. Child shapes are resolved on demand, so recursive defs are fine.
 */
public final class Shape {
  /** What kind of value lives here. */
  public enum Kind { STRUCT, MAP, LIST, STRING, INTEGER, BOOLEAN, FILE_MODE, FREEFORM, ANY }

  static final Shape ANY = new Shape(null, Kind.ANY, null, Map.of(), null, false);
  static final Shape FREEFORM = new Shape(null, Kind.FREEFORM, null, Map.of(), null, false);

  private final TalosSchema schema;
  private final Kind kind;
  private final String def;
  private final Map<String, JsonNode> fields;
  private final JsonNode element;
  private final boolean scalarsAsStrings;
  // resolved once: configs of a thousand nodes walk the same fields again and again
  private final Map<String, Optional<Shape>> resolved = new ConcurrentHashMap<>();
  private volatile List<String> order;

  Shape(TalosSchema schema, Kind kind, String def, Map<String, JsonNode> fields, JsonNode element,
      boolean scalarsAsStrings) {
    this.schema = schema;
    this.kind = kind;
    this.def = def;
    this.fields = fields;
    this.element = element;
    this.scalarsAsStrings = scalarsAsStrings;
  }

  static Shape scalar(Kind kind) {
    return new Shape(null, kind, null, Map.of(), null, false);
  }

  static Shape struct(TalosSchema schema, String def, LinkedHashMap<String, JsonNode> fields) {
    return new Shape(schema, Kind.STRUCT, def, fields, null, false);
  }

  static Shape container(TalosSchema schema, Kind kind, JsonNode element) {
    return new Shape(schema, kind, null, Map.of(), element, false);
  }

  static Shape stringish() {
    return new Shape(null, Kind.ANY, null, Map.of(), null, true);
  }

  public Kind kind() {
    return kind;
  }

  /** The $defs name of a struct ({@code v1alpha1.MachineConfig}), or null. */
  public String def() {
    return def;
  }

  /** The fields of a struct in Go struct order, which is the order Talos's encoder writes them. */
  public List<String> fieldOrder() {
    List<String> o = order;
    if (o == null) {
      List<String> table = def == null ? null : GoStructs.ORDER.get(def);
      if (table == null) {
        o = List.copyOf(fields.keySet());
      } else {
        // a field a newer schema adds that the table does not name yet still gets written, last
        List<String> all = new java.util.ArrayList<>(table);
        fields.keySet().stream().filter(f -> !table.contains(f)).forEach(all::add);
        o = List.copyOf(all);
      }
      order = o;
    }
    return o;
  }

  /** The shape of a struct's field, or null when the struct has no such field. */
  public Shape field(String name) {
    return resolved.computeIfAbsent(name, n -> Optional.ofNullable(resolve(n))).orElse(null);
  }

  private Shape resolve(String name) {
    String key = def + "." + name;
    if (GoStructs.FILE_MODES.contains(key)) {
      return scalar(Kind.FILE_MODE);
    }
    String legacy = GoStructs.LEGACY.get(key);
    if (legacy != null) {
      return scalar(Kind.BOOLEAN);
    }
    JsonNode n = fields.get(name);
    return n == null ? null : schema.shapeOf(n);
  }

  /** The shape of a list's items or a map's values. */
  public Shape element() {
    return element == null || schema == null ? ANY : schema.shapeOf(element);
  }

  /** True where a oneOf allows a string: scalars are written as strings, as Go decodes them into one. */
  public boolean scalarsAsStrings() {
    return scalarsAsStrings;
  }

  /** True when Talos writes this struct field even when it is zero (no omitempty in its yaml tag). */
  public boolean always(String field) {
    return GoStructs.ALWAYS.contains(def + "." + field);
  }

  /** True for the structs whose yaml tags are known (v1alpha1): only there is omitempty applied. */
  public boolean tagsKnown() {
    return def != null && def.startsWith("v1alpha1.");
  }

  @Override
  public String toString() {
    return def != null ? def : kind.name();
  }
}
