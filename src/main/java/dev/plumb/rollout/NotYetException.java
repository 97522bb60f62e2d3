package dev.plumb.rollout;

import dev.plumb.fleet.PlumbException;

/** The node cannot take the action yet (e.g. bootstrap before its CRI is up): try again later. */
public final class NotYetException extends PlumbException {
  private static final long serialVersionUID = 1L;

  public NotYetException(String message) {
    super(message);
  }
}
