package dev.plumb.talos;

import java.util.List;
import java.util.Objects;

/**
 * One context of a talosconfig: where to dial, which nodes to target by default, and the client
 * identity. {@code ca}, {@code crt} and {@code key} hold PEM text (already base64-decoded).
 * {@code toString} never prints the key.
 */
public record TalosContext(
    String name, List<String> endpoints, List<String> nodes, String ca, String crt, String key) {

  public TalosContext {
    Objects.requireNonNull(name, "name");
    endpoints = List.copyOf(endpoints);
    nodes = List.copyOf(nodes);
  }

  /** Whether this context carries a client certificate and key (needed outside maintenance). */
  public boolean hasIdentity() {
    return crt != null && !crt.isBlank() && key != null && !key.isBlank();
  }

  @Override
  public String toString() {
    return "TalosContext[name=" + name + ", endpoints=" + endpoints + ", nodes=" + nodes + "]";
  }
}
