package dev.plumb.render.apps;

import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge of a patch into a Kubernetes object, for the lists whose merge keys the common
 * kinds declare (containers, volumes, env, ports, volumeMounts, ...: the patchMergeKey tags of
 * k8s.io/api core/v1 and apps/v1). Any other list is replaced, as for a type without a merge key.
 * A null value deletes the field; {@code $patch: delete} in a list element removes the element
 * with that key; {@code $patch: replace} in a mapping replaces it whole.
 */
final class KubeMerge {
  /** Field name of a list -> its merge key. */
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"), Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"), Map.entry("volumes", "name"), Map.entry("env", "name"),
      Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
      Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"),
      Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("conditions", "type"),
      Map.entry("resourceClaims", "name"));

  private KubeMerge() {}

  /** {@code target} with {@code patch} merged in; neither argument is changed. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
    Map<String, Object> out = (Map<String, Object>) YValues.copy(target);
    mergeInto(out, patch);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> out, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String k = e.getKey();
      Object pv = e.getValue();
      if (k.equals("$patch")) {
        continue;
      }
      Object cur = out.get(k);
      if (pv == null) {
        out.remove(k);
      } else if (pv instanceof Map<?, ?> pm && "replace".equals(pm.get("$patch"))) {
        Map<String, Object> copy = (Map<String, Object>) YValues.copy(pm);
        copy.remove("$patch");
        out.put(k, copy);
      } else if (pv instanceof Map<?, ?> pm && "delete".equals(pm.get("$patch"))) {
        out.remove(k);
      } else if (pv instanceof Map<?, ?> pm && cur instanceof Map<?, ?> cm) {
        mergeInto((Map<String, Object>) cm, (Map<String, Object>) pm);
      } else if (pv instanceof List<?> pl && cur instanceof List<?> cl && mergeKey(k, pl) != null) {
        out.put(k, mergeList((List<Object>) cl, (List<Object>) pl, mergeKey(k, pl)));
      } else {
        out.put(k, stripDirectives(YValues.copy(pv)));
      }
    }
  }

  /** The merge key of a list field; "ports" is keyed by containerPort in a container and by port in a Service. */
  private static String mergeKey(String field, List<?> patchList) {
    if (field.equals("ports")) {
      for (Object o : patchList) {
        if (o instanceof Map<?, ?> m) {
          return m.containsKey("containerPort") ? "containerPort" : m.containsKey("port") ? "port" : null;
        }
      }
      return null;
    }
    return MERGE_KEYS.get(field);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeList(List<Object> current, List<Object> patch, String key) {
    List<Object> out = new ArrayList<>();
    current.forEach(o -> out.add(YValues.copy(o)));
    for (Object p : patch) {
      if (!(p instanceof Map<?, ?> pm) || pm.get(key) == null) {
        out.add(stripDirectives(YValues.copy(p)));
        continue;
      }
      int at = indexOf(out, key, pm.get(key));
      if ("delete".equals(pm.get("$patch"))) {
        if (at >= 0) {
          out.remove(at);
        }
      } else if (at >= 0) {
        mergeInto((Map<String, Object>) out.get(at), (Map<String, Object>) pm);
      } else {
        out.add(stripDirectives(YValues.copy(pm)));
      }
    }
    return out;
  }

  private static int indexOf(List<Object> list, String key, Object value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> m && String.valueOf(value).equals(String.valueOf(m.get(key)))) {
        return i;
      }
    }
    return -1;
  }

  private static Object stripDirectives(Object o) {
    if (o instanceof Map<?, ?> m) {
      m.remove("$patch");
      m.values().forEach(KubeMerge::stripDirectives);
    } else if (o instanceof List<?> l) {
      l.forEach(KubeMerge::stripDirectives);
    }
    return o;
  }
}
