package dev.plumb.render.patch;

import java.util.Map;
import java.util.Objects;

/** Document identity in a multi-document machine config: v1alpha1, or apiVersion/kind[/name]. */
public final class ConfigDocs {
  private ConfigDocs() {}

  /** {@code v1alpha1}, or {@code <apiVersion>/<kind>[/<name>]}. */
  public static String identity(Map<String, Object> doc) {
    Object kind = doc.get("kind");
    if (kind == null) {
      return "v1alpha1";
    }
    Object name = doc.get("name");
    return Objects.toString(doc.get("apiVersion"), "") + "/" + kind + (name == null ? "" : "/" + name);
  }

  public static boolean isV1alpha1(Map<String, Object> doc) {
    return !doc.containsKey("kind");
  }
}
