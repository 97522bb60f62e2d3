package dev.plumb.render;

/**
 * One thing wrong with the input, located exactly: file (relative to the repository), line and
 * column (1-based; 0 when unknown), the field path, and what was expected. Prints as {@code
 * file:line:col: field: message}.
 */
public record RenderProblem(String file, int line, int column, String field, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
