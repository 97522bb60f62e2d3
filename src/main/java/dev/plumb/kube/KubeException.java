package dev.plumb.kube;

import dev.plumb.fleet.PlumbException;

/**
 * A refusal from the Kubernetes API (or from discovery), with the HTTP code (0 when the server
 * was not reached) and the API server's message. Never carries a request or response body.
 */
public final class KubeException extends PlumbException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public KubeException(int code, String message) {
    super(message);
    this.code = code;
  }

  public KubeException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The HTTP status code: 404 not found, 409 conflict, 422 invalid, 429 eviction blocked by a PDB; 0 unreachable. */
  public int code() {
    return code;
  }
}
