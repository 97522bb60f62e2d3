package dev.plumb.kube;

import java.util.List;
import java.util.Map;

/** Reading nested fields of an object held as maps (unstructured, as client-go calls it). */
final class KubeMaps {
  private KubeMaps() {}

  static Object get(Map<String, Object> obj, String... path) {
    Object cur = obj;
    for (String p : path) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(p);
    }
    return cur;
  }

  static String string(Map<String, Object> obj, String... path) {
    Object v = get(obj, path);
    return v == null ? null : String.valueOf(v);
  }

  static long integer(Map<String, Object> obj, long dflt, String... path) {
    Object v = get(obj, path);
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The condition of the given type in status.conditions, or null. */
  static Map<String, Object> condition(Map<String, Object> obj, String type) {
    for (Object c : list(get(obj, "status", "conditions"))) {
      Map<String, Object> m = map(c);
      if (m != null && type.equals(m.get("type"))) {
        return m;
      }
    }
    return null;
  }
}
