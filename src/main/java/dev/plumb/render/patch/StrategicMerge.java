package dev.plumb.render.patch;

import dev.plumb.render.yaml.YValues;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talos's strategic merge of a patch into a (multi-document) machine config
 * (siderolabs/talos pkg/machinery/config/configpatcher/strategic.go and merge/merge.go): each patch
 * document is merged into the config document with the same apiVersion/kind/name or appended;
 * {@code $patch: delete} selectors run in the patch's order. Merge rules, as on Talos's typed
 * structs: a zero value ("", 0) in the patch never overwrites (false does); maps merge per key;
 * lists append, except the fields {@link MergeRules} lists.
 */
public final class StrategicMerge {
  private final ConfigShape shape;
  private final MergeRules rules;

  /** Merging as Talos 1.{@code minor} does, with the shape of that version's schema. */
  public StrategicMerge(ConfigShape shape, int minor) {
    this.shape = shape;
    this.rules = new MergeRules(minor);
  }

  /** The config with the patch applied; the input is not changed. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> apply(List<Map<String, Object>> config, LoadedPatch.Strategic patch) {
    List<Map<String, Object>> out = new ArrayList<>();
    config.forEach(d -> out.add((Map<String, Object>) YValues.copy(d)));
    for (LoadedPatch.Step step : patch.steps()) {
      Optional<Map<String, Object>> target = out.stream()
          .filter(d -> ConfigDocs.talosId(d).equals(step.documentId())).findFirst();
      try {
        if (step instanceof LoadedPatch.Delete del) {
          // A selector whose document is not in the config has nothing to delete.
          if (target.isPresent() && PatchDeletes.apply(del, target.get(), shape)) {
            out.remove(target.get());
          }
        } else {
          merge(out, target, (LoadedPatch.Merge) step);
        }
      } catch (PatchException e) {
        throw new PatchException(patch.source(), e.line() > 0 ? e.line() : step.line(), e.getMessage());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void merge(List<Map<String, Object>> out, Optional<Map<String, Object>> target, LoadedPatch.Merge m) {
    Map<String, Object> body = (Map<String, Object>) YValues.copy(m.body());
    if (target.isPresent()) {
      String kind = ConfigDocs.kind(target.get());
      mergeMap(target.get(), body, kind, new ArrayList<>());
    } else if (m.documentId().equals(ConfigDocs.LEGACY_ID)) {
      body.putIfAbsent("version", "v1alpha1");
      out.add(0, body); // Talos always writes the v1alpha1 document first
    } else {
      out.add(body);
    }
  }

  @SuppressWarnings("unchecked")
  private void mergeMap(Map<String, Object> target, Map<String, Object> patch, String kind, List<String> path) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      String k = e.getKey();
      Object pv = e.getValue();
      Object tv = target.get(k);
      List<String> p = with(path, k);
      if (pv == null) {
        continue; // null decodes to Go's zero value, which never overwrites
      }
      if (tv == null && pv instanceof Map<?, ?> pm) {
        Map<String, Object> fresh = new LinkedHashMap<>();
        target.put(k, fresh); // a new pointer: merged field by field, so zero fields stay unset
        mergeMap(fresh, (Map<String, Object>) pm, kind, p);
      } else if (tv == null) {
        // a zero value into an unset struct field leaves it unset; a map gets the key
        if (!isZero(pv) || shape.kindAt(kind, path) == ConfigShape.Kind.MAP) {
          target.put(k, pv);
        }
      } else if (rules.replaced(kind, dotted(p))) {
        target.put(k, pv);
      } else if (pv instanceof Map<?, ?> pm && tv instanceof Map<?, ?> tm) {
        mergeMap((Map<String, Object>) tm, (Map<String, Object>) pm, kind, p);
      } else if (pv instanceof List<?> pl && tv instanceof List<?> tl) {
        target.put(k, mergeList((List<Object>) tl, (List<Object>) pl, kind, p));
      } else if (!isZero(pv)) {
        target.put(k, pv);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<Object> mergeList(List<Object> target, List<Object> patch, String kind, List<String> path) {
    List<Object> out = new ArrayList<>(target);
    Optional<String> key = rules.listKey(kind, dotted(path));
    for (Object item : patch) {
      Map<String, Object> match = null;
      if (key.isPresent() && item instanceof Map<?, ?> im) {
        match = (Map<String, Object>) out.stream()
            .filter(t -> t instanceof Map<?, ?> tm && MergeRules.sameItem(key.get(), tm, im))
            .findFirst().orElse(null);
      }
      if (match != null) {
        mergeMap(match, (Map<String, Object>) item, kind, with(path, "[]"));
      } else {
        out.add(item);
      }
    }
    return out;
  }

  /** Go's zero values, which Talos's merge does not copy; booleans are always copied. */
  static boolean isZero(Object v) {
    return "".equals(v) || (v instanceof Long l && l == 0L) || (v instanceof Integer i && i == 0)
        || (v instanceof Double d && d == 0.0) || (v instanceof BigInteger b && b.signum() == 0);
  }

  private static List<String> with(List<String> path, String part) {
    List<String> p = new ArrayList<>(path);
    p.add(part);
    return p;
  }

  /** "a.b[].c" from [a, b, [], c]. */
  private static String dotted(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String s : path) {
      if (!s.equals("[]") && sb.length() > 0) {
        sb.append('.');
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
