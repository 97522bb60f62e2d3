package dev.plumb.render.patch;

import dev.plumb.fleet.PlumbException;

/** A patch that cannot be applied; the message names the patch. */
public final class PatchException extends PlumbException {
  private static final long serialVersionUID = 1L;

  public PatchException(String message) {
    super(message);
  }

  public PatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
