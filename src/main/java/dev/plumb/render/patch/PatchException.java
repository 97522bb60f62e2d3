package dev.plumb.render.patch;

import dev.plumb.fleet.PlumbException;

/**
 * A patch that cannot be loaded or applied. The message is Talos's wording where Talos has one;
 * {@link #source()} and {@link #line()} say which patch and which line of it (0 when unknown), so
 * that callers can name the file that is wrong rather than the place that referred to it.
 */
public final class PatchException extends PlumbException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;

  public PatchException(String source, int line, String message) {
    super(message);
    this.source = source;
    this.line = line;
  }

  public PatchException(String message) {
    this("", 0, message);
  }

  public PatchException(String message, Throwable cause) {
    super(message, cause);
    this.source = "";
    this.line = 0;
  }

  /** The patch (file name or a description such as "inline patch"), or "" when not known. */
  public String source() {
    return source;
  }

  /** The 1-based line in the patch, or 0. */
  public int line() {
    return line;
  }
}
