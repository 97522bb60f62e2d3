package dev.plumb.render;

/**
 * One thing wrong with the input, located exactly: file (relative to the repository), line and
 * column (1-based; 0 when unknown), the field path, and what was expected. Prints as {@code
 * file:line:col: field: message}.
 */
public record RenderProblem(String file, int line, int column, String field, String message) {
  /** Longer fields and messages are shortened: a value of a megabyte is never echoed back whole. */
  public static final int MAX_TEXT = 600;

  public RenderProblem {
    field = clip(field);
    message = clip(message);
  }

  private static String clip(String s) {
    if (s == null || s.length() <= MAX_TEXT) {
      return s;
    }
    int head = MAX_TEXT * 2 / 3;
    int tail = MAX_TEXT / 6;
    return s.substring(0, head) + " ... (" + (s.length() - head - tail) + " characters left out) ... "
        + s.substring(s.length() - tail);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
