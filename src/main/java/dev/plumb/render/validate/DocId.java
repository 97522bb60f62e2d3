package dev.plumb.render.validate;

import java.util.Map;

/** How Talos names a document in its errors: {@code v1alpha1}, {@code Kind} or {@code Kind/name}. */
final class DocId {
  private DocId() {}

  static String of(Map<String, Object> doc) {
    Object kind = doc.get("kind");
    if (kind == null) {
      return "v1alpha1";
    }
    Object name = doc.get("name");
    return kind + (name == null ? "" : "/" + name);
  }
}
