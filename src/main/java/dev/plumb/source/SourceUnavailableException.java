package dev.plumb.source;

import dev.plumb.fleet.PlumbException;

/** The fleet repository could not be fetched (server down, auth, timeout); retried with backoff. */
public class SourceUnavailableException extends PlumbException {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
