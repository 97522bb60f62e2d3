package dev.plumb.render.schema;

import dev.plumb.render.schema.YamlTree.Scalar;
import dev.plumb.render.schema.YamlTree.Style;
import dev.plumb.render.sops.GoYaml;
import dev.plumb.render.yaml.GoYamlAnalysis;
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
    GoYamlAnalysis a = GoYamlAnalysis.of(s);
    Style style = requested;
    if (key && a.multiline()) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN && (!a.blockPlain() || s.isEmpty() && key)) {
      style = Style.SINGLE;
    }
    if (style == Style.SINGLE && !a.single()) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.block() || key)) {
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
}
