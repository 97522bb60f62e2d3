package dev.plumb.render.talos;

import dev.plumb.render.sops.GoYaml;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads talconfig values the way yaml.v3 decodes them into talhelper's typed Go structs
 * ({@code v1alpha1.Device} and friends): a string field keeps the scalar's text as written
 * ({@code 0x10} stays {@code 0x10}), a number field takes a plain integer, a bool field also takes
 * the YAML 1.1 words (yes/on/...) yaml.v3 accepts for typed bools. Maps and lists keep their order.
 */
final class GoFields {
  private GoFields() {}

  /** Maps and lists of the node with scalars left as {@link YScalar}; YAML null becomes null. */
  static Object raw(YNode n) {
    if (n instanceof YScalar s) {
      return s.isNull() ? null : s;
    }
    if (n instanceof YList l) {
      List<Object> out = new ArrayList<>();
      l.items().forEach(i -> out.add(raw(i)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((YMap) n).entries().forEach((k, v) -> out.put(k, raw(v)));
    return out;
  }

  /** A string field: the scalar text, {@code ""} when absent. */
  static String str(Map<String, Object> m, String key) {
    return m.get(key) instanceof YScalar s ? s.text() : "";
  }

  /** A number field: a plain integer scalar, 0 when absent or not a number (Go's zero value). */
  static long num(Map<String, Object> m, String key) {
    if (m.get(key) instanceof YScalar s && s.plain()) {
      Object v = GoYaml.resolvePlain(s.text());
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof BigInteger b) {
        return b.longValue();
      }
    }
    return 0;
  }

  /** A {@code *bool} field: null when absent or not a boolean. */
  static Boolean bool(Map<String, Object> m, String key) {
    return bool(m.get(key));
  }

  /** A {@code *bool} value (a {@link YScalar} or a {@link YNode}): null when absent or not a boolean. */
  static Boolean bool(Object v) {
    if (!(v instanceof YScalar s)) {
      return null;
    }
    if (s.plain() && s.bool() != null) {
      return s.bool();
    }
    return switch (s.text()) {
      case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON" -> Boolean.TRUE;
      case "n", "N", "no", "No", "NO", "off", "Off", "OFF" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** A struct or pointer-to-struct field: the map, or null when absent. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Map<String, Object> m, String key) {
    return m.get(key) instanceof Map<?, ?> o ? (Map<String, Object>) o : null;
  }

  /** A list field: its items, empty when absent. */
  static List<Object> list(Map<String, Object> m, String key) {
    return m.get(key) instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }

  /** A {@code []string} field: the scalar texts. */
  static List<String> strings(Map<String, Object> m, String key) {
    List<String> out = new ArrayList<>();
    for (Object o : list(m, key)) {
      out.add(o instanceof YScalar s ? s.text() : "");
    }
    return out;
  }

  /** A list of structs: the maps (a non-map item is an empty struct). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objs(Map<String, Object> m, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list(m, key)) {
      out.add(o instanceof Map<?, ?> x ? (Map<String, Object>) x : new LinkedHashMap<>());
    }
    return out;
  }
}
