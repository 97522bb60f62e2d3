package dev.plumb.render.apps;

import dev.plumb.render.yaml.YValues;
import java.util.Map;

/**
 * Masks the values of a Secret for printing (diff, plan, logs), as gitops-engine's HideSecretData
 * does: every key of {@code data} and {@code stringData} stays, its value becomes
 * {@value #MASK}; the last-applied annotation, which repeats them, is masked too. Other kinds come
 * back unchanged (as a copy).
 */
public final class SecretMask {
  public static final String MASK = "<masked>";
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private SecretMask() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> mask(Map<String, Object> body) {
    Map<String, Object> out = (Map<String, Object>) YValues.copy(body);
    if (!"Secret".equals(out.get("kind"))) {
      return out;
    }
    for (String field : new String[] {"data", "stringData"}) {
      if (out.get(field) instanceof Map<?, ?> m) {
        ((Map<String, Object>) m).replaceAll((k, v) -> MASK);
      }
    }
    if (out.get("metadata") instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> ann
        && ann.containsKey(LAST_APPLIED)) {
      ((Map<String, Object>) ann).put(LAST_APPLIED, MASK);
    }
    return out;
  }
}
