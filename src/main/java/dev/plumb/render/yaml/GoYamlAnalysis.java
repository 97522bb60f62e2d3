package dev.plumb.render.yaml;

/**
 * What go-yaml's emitter finds out about a string before it picks a style (yaml/go-yaml emitterc.go
 * yaml_emitter_analyze_scalar): whether it has line breaks, and which styles may carry it. The one
 * copy of that rule for every writer of go-yaml text in plumb (Talos-style configs, re-encoded files).
 *
 * @param multiline it holds a line break
 * @param blockPlain it may be written plain in block context
 * @param flowPlain it may be written plain inside a flow collection
 * @param single it may be single-quoted
 * @param block it may be a literal or folded block
 */
public record GoYamlAnalysis(boolean multiline, boolean blockPlain, boolean flowPlain, boolean single,
    boolean block) {

  public static GoYamlAnalysis of(String s) {
    if (s.isEmpty()) {
      return new GoYamlAnalysis(false, true, false, true, false);
    }
    int[] cp = s.codePoints().toArray();
    boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
    boolean flowIndicators = blockIndicators;
    boolean lineBreaks = false;
    boolean special = false;
    boolean tabs = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int i = 0; i < cp.length; i++) {
      int c = cp[i];
      boolean followedByWhitespace = i + 1 >= cp.length || blank(cp[i + 1]);
      blockIndicators |= blockIndicator(c, i == 0, followedByWhitespace, precededByWhitespace);
      flowIndicators |= flowIndicator(c, i == 0, followedByWhitespace, precededByWhitespace);
      if (c == '\t') {
        tabs = true;
      } else if (!printable(c)) {
        special = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i == cp.length - 1;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(c)) {
        lineBreaks = true;
        leadingBreak |= i == 0;
        trailingBreak |= i == cp.length - 1;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = blank(c) || c == 0;
    }
    boolean spaces = leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
        || tabs || special || lineBreaks;
    boolean single = !(breakSpace || spaceBreak || tabs || special);
    boolean block = !(trailingSpace || spaceBreak || special);
    return new GoYamlAnalysis(lineBreaks, !(spaces || blockIndicators), !(spaces || flowIndicators), single, block);
  }

  private static boolean blockIndicator(int c, boolean first, boolean followedByWs, boolean precededByWs) {
    if (first) {
      return switch (c) {
        case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> true;
        case '?', ':', '-' -> followedByWs;
        default -> false;
      };
    }
    return c == ':' && followedByWs || c == '#' && precededByWs;
  }

  private static boolean flowIndicator(int c, boolean first, boolean followedByWs, boolean precededByWs) {
    if (first) {
      return switch (c) {
        case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '?', ':' -> true;
        case '-' -> followedByWs;
        default -> false;
      };
    }
    return c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}' || c == ':'
        || c == '#' && precededByWs;
  }

  private static boolean blank(int c) {
    return c == ' ' || c == '\t' || isBreak(c);
  }

  /** A line break as go-yaml counts one: LF, CR, NEL, LS, PS. */
  public static boolean isBreak(int c) {
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** go-yaml's is_printable: what may appear unescaped (tabs, CR, NEL, BOM and astral characters may not). */
  public static boolean printable(int c) {
    return c == 0x0A || c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF
        || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF;
  }
}
