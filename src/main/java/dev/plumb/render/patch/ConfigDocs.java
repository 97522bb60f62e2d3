package dev.plumb.render.patch;

import java.util.Map;
import java.util.Objects;

/** Document identity in a multi-document machine config: v1alpha1, or apiVersion/kind[/name]. */
public final class ConfigDocs {
  /** Talos's id of the legacy document: its apiVersion is empty and its kind is "v1alpha1". */
  public static final String LEGACY_ID = "/v1alpha1";

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

  /** The id Talos's strategic merge matches documents by: {@code /v1alpha1} or apiVersion/kind[/name]. */
  public static String talosId(Map<String, Object> doc) {
    return isV1alpha1(doc) ? LEGACY_ID : identity(doc);
  }

  public static boolean isV1alpha1(Map<String, Object> doc) {
    return !doc.containsKey("kind");
  }

  /** The document's kind, "v1alpha1" for the legacy document. */
  public static String kind(Map<String, Object> doc) {
    return isV1alpha1(doc) ? "v1alpha1" : String.valueOf(doc.get("kind"));
  }
}
