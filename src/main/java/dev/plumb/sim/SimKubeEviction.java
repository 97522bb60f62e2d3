package dev.plumb.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;

/**
 * The eviction subresource as the API server runs it (k8s pkg/registry/core/pod/storage/eviction.go):
 * a pod covered by a PodDisruptionBudget that allows no disruption now is refused with 429 and the
 * budget named; otherwise the pod is deleted. The budget's allowance is computed here, the
 * disruption controller's job in a real cluster: healthy pods (Ready) matching its selector
 * against minAvailable or maxUnavailable (integers; a percentage of the matching pods, rounded up).
 * fabric8's CRUD mode has no eviction endpoint of its own (it stores the Eviction as an object).
 */
final class SimKubeEviction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SimKubeDispatcher store;

  SimKubeEviction(SimKubeDispatcher store) {
    this.store = store;
  }

  MockResponse evict(String namespace, String name) {
    List<Map<String, Object>> all = store.stored();
    Map<String, Object> pod = all.stream().filter(o -> is(o, "Pod", namespace, name)).findFirst().orElse(null);
    if (pod == null) {
      return status(404, "Failure", "NotFound", "pods \"" + name + "\" not found", null);
    }
    Map<String, Object> podLabels = map(map(pod.get("metadata")).get("labels"));
    List<Map<String, Object>> pods = all.stream().filter(o -> is(o, "Pod", namespace, null)).toList();
    for (Map<String, Object> pdb : all) {
      if (!is(pdb, "PodDisruptionBudget", namespace, null)) {
        continue;
      }
      Map<String, Object> spec = map(pdb.get("spec"));
      Map<String, Object> selector = map(spec.get("selector"));
      if (spec.get("selector") == null || !SimKubeSelectors.matches(selector, podLabels)) {
        continue;
      }
      List<Map<String, Object>> covered = pods.stream()
          .filter(p -> SimKubeSelectors.matches(selector, map(map(p.get("metadata")).get("labels")))).toList();
      long healthy = covered.stream().filter(SimKubeEviction::ready).count();
      long desired = desiredHealthy(spec, covered.size());
      if (healthy - desired < 1) {
        String pdbName = String.valueOf(map(pdb.get("metadata")).get("name"));
        return status(429, "Failure", "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.",
            "The disruption budget " + pdbName + " needs " + desired + " healthy pods and has " + healthy
                + " currently");
      }
    }
    store.deletePath("/api/v1/namespaces/" + namespace + "/pods/" + name);
    return status(201, "Success", null, null, null);
  }

  private static long desiredHealthy(Map<String, Object> spec, int expected) {
    if (spec.get("minAvailable") != null) {
      return count(spec.get("minAvailable"), expected);
    }
    if (spec.get("maxUnavailable") != null) {
      return expected - count(spec.get("maxUnavailable"), expected);
    }
    return 0;
  }

  private static long count(Object v, int expected) {
    String s = String.valueOf(v);
    if (s.endsWith("%")) {
      return (long) Math.ceil(expected * Integer.parseInt(s.substring(0, s.length() - 1)) / 100.0);
    }
    return Long.parseLong(s);
  }

  private static boolean ready(Map<String, Object> pod) {
    Map<String, Object> status = map(pod.get("status"));
    if (status.get("conditions") instanceof List<?> cs) {
      for (Object c : cs) {
        Map<String, Object> m = map(c);
        if ("Ready".equals(m.get("type")) && "True".equals(m.get("status"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean is(Map<String, Object> o, String kind, String namespace, String name) {
    Map<String, Object> meta = map(o.get("metadata"));
    return kind.equals(o.get("kind")) && namespace.equals(meta.get("namespace"))
        && (name == null || name.equals(meta.get("name")));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static MockResponse status(int code, String status, String reason, String message, String cause) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "Status");
    body.put("status", status);
    body.put("code", code);
    if (reason != null) {
      body.put("reason", reason);
      body.put("message", message);
    }
    if (cause != null) {
      body.put("details", Map.of("causes", List.of(Map.of("reason", "DisruptionBudget", "message", cause))));
    }
    try {
      return new MockResponse().setResponseCode(code).setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      return new MockResponse().setResponseCode(500);
    }
  }
}
