package dev.plumb.kube;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares live objects with what plumb applies, field by field over the fields plumb sets (what
 * server-side apply makes plumb's field manager own): a field another controller added is not
 * drift, a field plumb set and someone changed is. A Secret's stringData is compared as the data
 * it becomes; Secret values never leave as text.
 */
public final class DriftDetector {
  private DriftDetector() {}

  /** The drift of each manifest against the cluster. */
  public static List<Drift> detect(KubeClient client, List<Manifest> manifests) {
    List<Drift> out = new ArrayList<>();
    for (Manifest m : manifests) {
      Optional<Map<String, Object>> live = client.get(m.apiVersion(), m.key().kind(), m.key().namespace(),
          m.key().name());
      out.add(live.map(l -> compare(m, l)).orElse(new Drift(m.key(), true, List.of())));
    }
    return out;
  }

  /** The fields of {@code m} that {@code live} does not hold. */
  public static Drift compare(Manifest m, Map<String, Object> live) {
    boolean secret = m.key().kind().equals("Secret") && m.key().group().isEmpty();
    Map<String, Object> desired = secret ? asData(m.body()) : m.body();
    List<Drift.Field> fields = new ArrayList<>();
    walk("", desired, live, secret, fields);
    return new Drift(m.key(), false, fields);
  }

  private static void walk(String path, Object want, Object have, boolean secret, List<Drift.Field> out) {
    if (want instanceof Map<?, ?> wm) {
      if (!(have instanceof Map<?, ?> hm)) {
        out.add(field(path, want, have, secret));
        return;
      }
      for (Map.Entry<?, ?> e : wm.entrySet()) {
        String k = String.valueOf(e.getKey());
        if (path.isEmpty() && k.equals("status")) {
          continue;
        }
        walk(path.isEmpty() ? k : path + "." + k, e.getValue(), hm.get(k), secret, out);
      }
      return;
    }
    if (want instanceof List<?> wl) {
      if (!(have instanceof List<?> hl) || hl.size() != wl.size()) {
        out.add(field(path, want, have, secret));
        return;
      }
      for (int i = 0; i < wl.size(); i++) {
        walk(path + "[" + i + "]", wl.get(i), hl.get(i), secret, out);
      }
      return;
    }
    if (!same(want, have)) {
      out.add(field(path, want, have, secret));
    }
  }

  private static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return String.valueOf(a).equals(String.valueOf(b));
  }

  private static Drift.Field field(String path, Object want, Object have, boolean secret) {
    boolean masked = secret && (path.startsWith("data") || path.startsWith("stringData"));
    return new Drift.Field(path, masked ? Drift.MASKED : String.valueOf(want),
        have == null ? null : masked ? Drift.MASKED : String.valueOf(have));
  }

  /** A Secret body with stringData folded into data (base64), as the API server stores it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> asData(Map<String, Object> body) {
    Map<String, Object> out = new LinkedHashMap<>(body);
    Object sd = out.remove("stringData");
    if (sd instanceof Map<?, ?> m) {
      Map<String, Object> data = out.get("data") instanceof Map<?, ?> d ? new LinkedHashMap<>((Map<String, Object>) d)
          : new LinkedHashMap<>();
      m.forEach((k, v) -> data.put(String.valueOf(k),
          Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
      out.put("data", data);
    }
    return out;
  }
}
