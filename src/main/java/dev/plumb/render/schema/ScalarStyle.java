package dev.plumb.render.schema;

import dev.plumb.render.schema.YamlTree.Scalar;
import dev.plumb.render.schema.YamlTree.Style;
import dev.plumb.render.sops.GoYaml;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which style a string is written in, as Talos's encoder (go.yaml.in/yaml/v4 representer) asks for it
 * and go-yaml's emitter then allows it (yaml/go-yaml emitterc.go yaml_emitter_analyze_scalar and
 * yaml_emitter_select_scalar_style): multi-line text as a {@code |} literal block, YAML 1.1 booleans
 * such as {@code off} single-quoted, text that would read back as another type ({@code "true"},
 * {@code "8080"}, {@code ""}) double-quoted, text the plain style cannot hold single-quoted.
 */
public final class ScalarStyle {
  private static final Set<String> OLD_BOOLS = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "off", "Off", "OFF");
  private static final Pattern BASE60 = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");

  private ScalarStyle() {}

  /** A string value or key, styled. */
  public static Scalar string(String s, boolean key) {
    Style requested = requested(s);
    Analysis a = Analysis.of(s);
    Style style = requested;
    if (key && a.multiline) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN && (!a.blockPlain || s.isEmpty() && key)) {
      style = Style.SINGLE;
    }
    if (style == Style.SINGLE && !a.single) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.block || key)) {
      style = Style.DOUBLE;
    }
    return new Scalar(s, style);
  }

  /** A value written as it is: numbers, booleans, null, file modes. */
  public static Scalar plain(String text) {
    return new Scalar(text, Style.PLAIN);
  }

  // go.yaml.in/yaml/v4 Representer.stringv: the style asked of the emitter
  private static Style requested(String s) {
    if (s.indexOf('\n') >= 0) {
      return literalWorthy(s) ? Style.LITERAL : Style.DOUBLE;
    }
    if (OLD_BOOLS.contains(s) || "<<".equals(s) || s.indexOf(':') >= 0 && BASE60.matcher(s).matches()) {
      return Style.SINGLE;
    }
    return resolvesAsString(s) ? Style.PLAIN : Style.DOUBLE;
  }

  // v4 shouldUseLiteralStyle: a newline, two characters or more, something other than white space
  private static boolean literalWorthy(String s) {
    if (s.length() < 2) {
      return false;
    }
    return s.codePoints().anyMatch(c -> !(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85));
  }

  /** True when the plain scalar reads back as a string (not null, bool, int, float or timestamp). */
  static boolean resolvesAsString(String s) {
    Object v = GoYaml.resolvePlain(s);
    return v instanceof String;
  }

  /** strconv.FormatFloat(v, 'g', -1, 64) with YAML's names for the special values (v4 floatv). */
  public static String goFloat(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = b.unscaledValue().toString();
    int dp = digits.length() - b.scale();
    int exp = dp - 1;
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      String e = String.valueOf(Math.abs(exp));
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    if (dp <= 0) {
      return sign + "0." + "0".repeat(-dp) + digits;
    }
    if (dp >= digits.length()) {
      return sign + digits + "0".repeat(dp - digits.length());
    }
    return sign + digits.substring(0, dp) + "." + digits.substring(dp);
  }

  /** The emitter's view of a scalar: which styles can hold it. */
  private record Analysis(boolean multiline, boolean blockPlain, boolean single, boolean block) {
    static Analysis of(String s) {
      if (s.isEmpty()) {
        return new Analysis(false, true, true, false);
      }
      int[] cp = s.codePoints().toArray();
      boolean indicators = s.startsWith("---") || s.startsWith("...");
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
        boolean followedByWhitespace = i + 1 >= cp.length || cp[i + 1] == ' ' || cp[i + 1] == '\t';
        indicators |= indicator(c, i == 0, followedByWhitespace, precededByWhitespace);
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
        precededByWhitespace = c == ' ' || c == '\t' || isBreak(c) || c == 0;
      }
      boolean blockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace
          || spaceBreak || tabs || special || lineBreaks || indicators);
      boolean single = !(breakSpace || spaceBreak || tabs || special);
      boolean block = !(trailingSpace || spaceBreak || special);
      return new Analysis(lineBreaks, blockPlain, single, block);
    }

    // block indicators only: the plain style in block context is what matters here
    private static boolean indicator(int c, boolean first, boolean followedByWs, boolean precededByWs) {
      if (first) {
        return switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> true;
          case '?', ':', '-' -> followedByWs;
          default -> false;
        };
      }
      return c == ':' && followedByWs || c == '#' && precededByWs;
    }
  }

  static boolean isBreak(int c) {
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** go-yaml's is_printable: what may appear unescaped (tabs, CR, NEL, BOM and astral characters may not). */
  static boolean printable(int c) {
    return c == 0x0A || c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF
        || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF;
  }
}
