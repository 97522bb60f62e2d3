package dev.plumb.render.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where the pod templates of the workload kinds sit, for the image and name-reference transformers. */
final class PodSpecs {
  private PodSpecs() {}

  /** The pod template metadata+spec holder ({@code spec.template}), or null for kinds without one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> template(Map<String, Object> body) {
    String kind = String.valueOf(body.get("kind"));
    Map<String, Object> spec = map(body.get("spec"));
    if (spec == null) {
      return null;
    }
    return switch (kind) {
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" ->
          map(spec.get("template"));
      case "CronJob" -> {
        Map<String, Object> jt = map(spec.get("jobTemplate"));
        Map<String, Object> js = jt == null ? null : map(jt.get("spec"));
        yield js == null ? null : map(js.get("template"));
      }
      default -> null;
    };
  }

  /** The pod spec of a Pod or of a workload's template. */
  static Map<String, Object> podSpec(Map<String, Object> body) {
    if ("Pod".equals(body.get("kind"))) {
      return map(body.get("spec"));
    }
    Map<String, Object> t = template(body);
    return t == null ? null : map(t.get("spec"));
  }

  /** Every container (init, regular, ephemeral) of the pod spec. */
  static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String f : List.of("initContainers", "containers", "ephemeralContainers")) {
      if (podSpec.get(f) instanceof List<?> l) {
        for (Object c : l) {
          Map<String, Object> m = map(c);
          if (m != null) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }
}
