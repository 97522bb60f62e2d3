package dev.plumb.render.yaml;

import dev.plumb.render.sops.GoYaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts positioned YAML into plain Java values (ordered maps, lists, strings, longs, doubles,
 * booleans, null) typed as Go's yaml typing would type them: plain scalars by go-yaml's rules
 * ({@code 0o644} and {@code 0644} are 420, {@code on} stays a string), quoted scalars as strings.
 */
public final class YValues {
  private YValues() {}

  public static Object toJava(YNode n) {
    if (n instanceof YScalar s) {
      if (!s.plain()) {
        return s.text();
      }
      Object v = GoYaml.resolvePlain(s.text());
      if (v instanceof GoYaml.Time t) {
        return s.text();
      }
      if (v instanceof java.math.BigInteger b) {
        return b;
      }
      return v;
    }
    if (n instanceof YList l) {
      List<Object> out = new ArrayList<>();
      l.items().forEach(i -> out.add(toJava(i)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((YMap) n).entries().forEach((k, v) -> out.put(k, toJava(v)));
    return out;
  }

  /** A deep copy of plain Java values, with fresh mutable maps and lists. */
  @SuppressWarnings("unchecked")
  public static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return o;
  }
}
