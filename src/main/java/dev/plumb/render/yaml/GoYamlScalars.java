package dev.plumb.render.yaml;

/**
 * The scalar side of {@link GoYamlWriter}: the double-quoted and literal forms as go-yaml's
 * emitterc.go writes them (which styles may carry a string: {@link GoYamlAnalysis}).
 */
final class GoYamlScalars {
  private GoYamlScalars() {}

  /** yaml_emitter_write_double_quoted_scalar with no line width. */
  static String doubleQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String esc = switch (c) {
        case 0 -> "\\0";
        case 0x07 -> "\\a";
        case '\b' -> "\\b";
        case '\t' -> "\\t";
        case '\n' -> "\\n";
        case 0x0B -> "\\v";
        case '\f' -> "\\f";
        case '\r' -> "\\r";
        case 0x1B -> "\\e";
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case 0x85 -> "\\N";
        case 0xA0 -> "\\_";
        case 0x2028 -> "\\L";
        case 0x2029 -> "\\P";
        default -> null;
      };
      if (esc != null) {
        sb.append(esc);
      } else if (c < 0x20 || c == 0x7F || c == 0xFEFF || (c >= 0xFFFE)) {
        sb.append(c <= 0xFF ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A literal ({@code |}) or folded ({@code >}) block scalar: an indentation hint when the text
   * starts with a blank, {@code -} when it has no final newline, {@code +} when it has more than
   * one; content lines at {@code indent}, empty lines left empty. A folded scalar writes an empty
   * line for each single newline between two lines that do not start with a blank (no line width,
   * so nothing is folded further). No final newline (the caller adds it).
   */
  static String block(char indicator, String s, int indent, int best) {
    StringBuilder sb = new StringBuilder(s.length() + 16).append(indicator);
    if (s.startsWith(" ") || s.startsWith("\n")) {
      sb.append(best);
    }
    if (!s.endsWith("\n")) {
      sb.append('-');
    } else if (s.length() == 1 || s.endsWith("\n\n")) {
      sb.append('+');
    }
    sb.append('\n');
    boolean atLineStart = true;
    boolean leadingSpaces = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        if (indicator == '>' && !atLineStart && !leadingSpaces) {
          int k = i;
          while (k < s.length() && s.charAt(k) == '\n') {
            k++;
          }
          if (k < s.length() && s.charAt(k) != ' ' && s.charAt(k) != '\t') {
            sb.append('\n');
          }
        }
        sb.append('\n');
        atLineStart = true;
      } else {
        if (atLineStart) {
          sb.append(" ".repeat(indent));
          leadingSpaces = c == ' ' || c == '\t';
          atLineStart = false;
        }
        sb.append(c);
      }
    }
    if (sb.charAt(sb.length() - 1) == '\n') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }
}
