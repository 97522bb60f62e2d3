package dev.plumb.talos;

import java.util.Objects;

/**
 * Where one call goes: the endpoint to dial and, when the node is reached through that endpoint,
 * the node's address sent as {@code node} metadata (one target per call; plumb fans out itself).
 * {@code insecure} selects the maintenance-mode connection (no client certificate, server not
 * verified), which only works against nodes that have no config yet.
 */
public record NodeTarget(Endpoint endpoint, String node, boolean insecure) {

  public NodeTarget {
    Objects.requireNonNull(endpoint, "endpoint");
    if (node != null && node.isBlank()) {
      node = null;
    }
  }

  /** The node itself is dialled over mTLS. */
  public static NodeTarget direct(Endpoint endpoint) {
    return new NodeTarget(endpoint, null, false);
  }

  /** The call is proxied by {@code endpoint} to {@code node}. */
  public static NodeTarget via(Endpoint endpoint, String node) {
    return new NodeTarget(endpoint, node, false);
  }

  /** A node in maintenance mode, dialled without a client certificate. */
  public static NodeTarget maintenance(Endpoint endpoint) {
    return new NodeTarget(endpoint, null, true);
  }

  /** The name of the node this call is about, for messages. */
  public String label() {
    return node != null ? node + " (via " + endpoint + ")" : endpoint.authority();
  }
}
