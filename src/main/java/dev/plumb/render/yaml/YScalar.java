package dev.plumb.render.yaml;

/** A scalar: its text as written (after escapes) and whether it was plain. Null is plain {@code null}/{@code ~}/empty. */
public record YScalar(String text, boolean plain, Mark mark) implements YNode {
  public boolean isNull() {
    return plain && (text.isEmpty() || text.equals("~") || text.equals("null") || text.equals("Null")
        || text.equals("NULL"));
  }

  /** A Go-yaml bool: only true/True/TRUE/false/False/FALSE when plain; null otherwise. */
  public Boolean bool() {
    if (!plain) {
      return null;
    }
    return switch (text) {
      case "true", "True", "TRUE" -> Boolean.TRUE;
      case "false", "False", "FALSE" -> Boolean.FALSE;
      default -> null;
    };
  }
}
