package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.util.Map;
import java.util.Objects;

/**
 * One object to apply: its key, apiVersion and body (plain JSON-like maps). The body may hold a
 * decrypted Secret, so {@code toString} prints the key only.
 */
public record Manifest(ResourceKey key, String apiVersion, Map<String, Object> body) {
  public Manifest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(body, "body");
  }

  /** The value of a metadata annotation, or null. */
  public String annotation(String name) {
    return KubeMaps.string(body, "metadata", "annotations", name);
  }

  @Override
  public String toString() {
    return "Manifest[" + key + "]";
  }
}
