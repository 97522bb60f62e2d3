package dev.plumb.sim;

import java.util.List;
import java.util.Map;

/** Label selectors (matchLabels and matchExpressions) as the simulated API server evaluates them. */
final class SimKubeSelectors {
  private SimKubeSelectors() {}

  static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
    // policy/v1: an empty selector selects every pod of the namespace (a missing one, none: see the caller)
    for (Map.Entry<String, Object> e : SimKubeEviction.map(selector.get("matchLabels")).entrySet()) {
      if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
        return false;
      }
    }
    if (selector.get("matchExpressions") instanceof List<?> exprs) {
      for (Object o : exprs) {
        Map<String, Object> x = SimKubeEviction.map(o);
        String key = String.valueOf(x.get("key"));
        List<?> values = x.get("values") instanceof List<?> l ? l : List.of();
        boolean has = labels.containsKey(key);
        boolean in = has && values.contains(String.valueOf(labels.get(key)));
        boolean ok = switch (String.valueOf(x.get("operator"))) {
          case "In" -> in;
          case "NotIn" -> !in;
          case "Exists" -> has;
          case "DoesNotExist" -> !has;
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
