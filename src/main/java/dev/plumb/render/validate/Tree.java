package dev.plumb.render.validate;

import java.util.List;
import java.util.Map;

/** Read access to a decoded YAML document (maps, lists, scalars) by key path; absent is null. */
final class Tree {
  private Tree() {}

  static Object at(Object node, String... keys) {
    Object cur = node;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String... keys) {
    return at(node, keys) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object node, String... keys) {
    return at(node, keys) instanceof List<?> l ? l : List.of();
  }

  /** The scalar as Go's YAML decoder would give it to a string field; "" when absent. */
  static String str(Object node, String... keys) {
    Object v = at(node, keys);
    return v == null || v instanceof Map || v instanceof List ? "" : String.valueOf(v);
  }

  /** A boolean pointer: true only when set to true. */
  static boolean isTrue(Object node, String... keys) {
    return Boolean.TRUE.equals(at(node, keys));
  }

  static boolean present(Object node, String... keys) {
    return at(node, keys) != null;
  }

  static long num(Object node, String... keys) {
    return at(node, keys) instanceof Number n ? n.longValue() : 0;
  }
}
