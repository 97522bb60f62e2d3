package dev.plumb.render.patch;

import dev.plumb.render.yaml.YValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Talos's strategic merge of a (multi-document) patch into a machine config (talos-api.md §5.5):
 * documents matched by identity and deep-merged, unmatched ones appended; scalars replaced unless
 * the patch holds a zero value; lists appended, except the replaced ones and those merged by key;
 * {@code $patch: delete} for keys, list items and whole documents.
 */
public final class StrategicMerge {
  private static final String DELETE = "$patch";
  /** Lists that a patch replaces wholesale. */
  private static final Set<String> REPLACED = Set.of("cluster.network.podSubnets",
      "cluster.network.serviceSubnets", "cluster.apiServer.auditPolicy", "ingress", "portSelector.ports");
  /** Maps whose values are plain strings: a zero value there is still a value. */
  private static final Set<String> FREE_MAPS = Set.of("nodeLabels", "nodeAnnotations", "nodeTaints", "sysctls",
      "sysfs", "extraArgs", "env", "extraConfig", "variables", "labels", "annotations", "environment");

  private StrategicMerge() {}

  /** Applies every document of the patch; {@code patchName} names it in errors. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> apply(List<Map<String, Object>> config, List<Map<String, Object>> patch,
      String patchName) {
    List<Map<String, Object>> out = new ArrayList<>();
    config.forEach(d -> out.add((Map<String, Object>) YValues.copy(d)));
    for (Map<String, Object> p0 : patch) {
      Map<String, Object> p = (Map<String, Object>) YValues.copy(p0);
      String id = ConfigDocs.identity(p);
      boolean deleteDoc = "delete".equals(p.get(DELETE));
      Map<String, Object> target = out.stream().filter(d -> ConfigDocs.identity(d).equals(id)).findFirst().orElse(null);
      if (deleteDoc) {
        if (id.equals("v1alpha1")) {
          throw new PatchException(patchName + ": the root of the v1alpha1 document cannot be deleted");
        }
        if (target != null) {
          out.remove(target);
        }
        continue;
      }
      if (target == null) {
        if (ConfigDocs.isV1alpha1(p)) {
          p.putIfAbsent("version", "v1alpha1");
        }
        removeDeletes(p);
        out.add(p);
      } else {
        mergeMap(target, p, "", patchName);
      }
    }
    out.removeIf(Map::isEmpty);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void mergeMap(Map<String, Object> target, Map<String, Object> patch, String path, String patchName) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String k = e.getKey();
      Object pv = e.getValue();
      String p = path.isEmpty() ? k : path + "." + k;
      if (pv instanceof Map<?, ?> pm && "delete".equals(pm.get(DELETE))) {
        target.remove(k);
        continue;
      }
      Object tv = target.get(k);
      if (pv instanceof Map<?, ?> pm && tv instanceof Map<?, ?> tm) {
        mergeMap((Map<String, Object>) tm, (Map<String, Object>) pm, p, patchName);
      } else if (pv instanceof List<?> pl && tv instanceof List<?> tl) {
        target.put(k, mergeList(k, p, (List<Object>) tl, (List<Object>) pl, patchName));
      } else if (pv == null) {
        continue;
      } else if (tv != null && isZero(pv) && !FREE_MAPS.contains(lastKey(path))) {
        continue; // Talos: a zero value in a patch does not overwrite
      } else {
        if (pv instanceof Map<?, ?> || pv instanceof List<?>) {
          removeDeletes(pv);
        }
        target.put(k, pv);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> mergeList(String key, String path, List<Object> target, List<Object> patch,
      String patchName) {
    if (REPLACED.stream().anyMatch(r -> path.equals(r) || path.endsWith("." + r)) || path.contains("extraArgs.")) {
      List<Object> out = new ArrayList<>(patch);
      out.removeIf(x -> x instanceof Map<?, ?> m && "delete".equals(m.get(DELETE)));
      return out;
    }
    String mergeKey = switch (key) {
      case "interfaces" -> "interface";
      case "vlans" -> "vlanId";
      case "admissionControl" -> "name";
      case "configFiles" -> "mountPath";
      default -> null;
    };
    List<Object> out = new ArrayList<>(target);
    for (Object item : patch) {
      if (item instanceof Map<?, ?> m0 && "delete".equals(m0.get(DELETE))) {
        Map<String, Object> m = (Map<String, Object>) m0;
        Map.Entry<String, Object> selector = m.entrySet().stream().filter(x -> !x.getKey().equals(DELETE))
            .findFirst().orElseThrow(() -> new PatchException(patchName + ": " + path
                + ": a list item with $patch: delete needs a key to select what to delete"));
        out.removeIf(x -> x instanceof Map<?, ?> t && Objects.equals(t.get(selector.getKey()), selector.getValue()));
        continue;
      }
      Map<String, Object> match = null;
      if (mergeKey != null && item instanceof Map<?, ?> im) {
        Object kv = im.get(mergeKey);
        String sel = kv == null && key.equals("interfaces") ? "deviceSelector" : mergeKey;
        Object sv = im.get(sel);
        if (sv != null) {
          for (Object t : out) {
            if (t instanceof Map<?, ?> tm && Objects.equals(tm.get(sel), sv)) {
              match = (Map<String, Object>) tm;
              break;
            }
          }
        }
      }
      if (match != null) {
        mergeMap(match, (Map<String, Object>) item, path + "[]", patchName);
      } else {
        removeDeletes(item);
        out.add(item);
      }
    }
    return out;
  }

  /** Drops {@code $patch} directives from values that are added rather than merged. */
  @SuppressWarnings("unchecked")
  private static void removeDeletes(Object v) {
    if (v instanceof Map<?, ?> m) {
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        if (e.getValue() instanceof Map<?, ?> c && "delete".equals(c.get(DELETE))) {
          it.remove();
        } else {
          removeDeletes(e.getValue());
        }
      }
      ((Map<String, Object>) m).remove(DELETE);
    } else if (v instanceof List<?> l) {
      ((List<Object>) l).removeIf(x -> x instanceof Map<?, ?> mm && "delete".equals(mm.get(DELETE)));
      l.forEach(StrategicMerge::removeDeletes);
    }
  }

  private static boolean isZero(Object v) {
    return "".equals(v) || (v instanceof Long l && l == 0L) || (v instanceof Double d && d == 0.0);
  }

  private static String lastKey(String path) {
    int i = path.lastIndexOf('.');
    return i < 0 ? path : path.substring(i + 1);
  }
}
