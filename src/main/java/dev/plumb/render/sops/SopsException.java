package dev.plumb.render.sops;

import dev.plumb.fleet.PlumbException;

/**
 * A SOPS file could not be decrypted: no matching key, a broken MAC, a tampered value, or a file
 * that is not SOPS. The message names the file and, where one applies, the value's path, never
 * the value.
 */
public final class SopsException extends PlumbException {
  private static final long serialVersionUID = 1L;

  public SopsException(String message) {
    super(message);
  }

  public SopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
