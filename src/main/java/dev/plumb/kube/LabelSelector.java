package dev.plumb.kube;

import java.util.List;
import java.util.Map;

/** A metav1.LabelSelector (matchLabels, matchExpressions) evaluated against labels. */
final class LabelSelector {
  private LabelSelector() {}

  /** Whether the selector selects the labels; an empty selector selects everything (policy/v1). */
  static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
    Map<String, Object> ml = KubeMaps.map(selector.get("matchLabels"));
    if (ml != null) {
      for (Map.Entry<String, Object> e : ml.entrySet()) {
        if (labels == null || !String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
          return false;
        }
      }
    }
    for (Object o : KubeMaps.list(selector.get("matchExpressions"))) {
      Map<String, Object> x = KubeMaps.map(o);
      if (x == null) {
        continue;
      }
      String key = String.valueOf(x.get("key"));
      boolean has = labels != null && labels.containsKey(key);
      List<Object> values = KubeMaps.list(x.get("values"));
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
    return true;
  }
}
