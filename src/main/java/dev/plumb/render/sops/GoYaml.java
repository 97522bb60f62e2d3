package dev.plumb.render.sops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How go-yaml v3 types a plain scalar (sops reads YAML with it), and sops' byte form of a typed
 * value ({@code ToBytes}), which is what the MAC hashes. YAML 1.1 words such as {@code yes} and
 * {@code on} stay strings; a leading {@code 0} means octal; timestamps become times.
 */
public final class GoYaml {
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUES = Set.of("true", "True", "TRUE");
  private static final Set<String> FALSES = Set.of("false", "False", "FALSE");
  private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:[Tt]| )(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,9}))?"
          + "(Z|[-+]\\d{2}:\\d{2})?)?$");

  private GoYaml() {}

  /** A go-yaml time value with the text sops would write for it. */
  public record Time(OffsetDateTime value) {
    public String text() {
      String base = value.toLocalDateTime().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
      int nanos = value.getNano();
      String frac = "";
      if (nanos != 0) {
        frac = "." + String.format("%09d", nanos).replaceAll("0+$", "");
      }
      ZoneOffset off = value.getOffset();
      return base + frac + (off.getTotalSeconds() == 0 ? "Z" : off.getId());
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** The typed value of a plain (unquoted) scalar. */
  public static Object resolvePlain(String s) {
    if (NULLS.contains(s)) {
      return null;
    }
    if (TRUES.contains(s)) {
      return Boolean.TRUE;
    }
    if (FALSES.contains(s)) {
      return Boolean.FALSE;
    }
    switch (s) {
      case ".nan", ".NaN", ".NAN":
        return Double.NaN;
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return Double.POSITIVE_INFINITY;
      case "-.inf", "-.Inf", "-.INF":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    char c = s.charAt(0);
    if (c == '.') {
      return parseFloat(s).map(d -> (Object) d).orElse(s);
    }
    if (!(Character.isDigit(c) || c == '-' || c == '+')) {
      return s;
    }
    Matcher t = TIMESTAMP.matcher(s);
    if (t.matches()) {
      return new Time(time(t));
    }
    String plain = s.replace("_", "");
    Object i = parseInt(plain);
    if (i != null) {
      return i;
    }
    if (FLOAT.matcher(plain).matches()) {
      return parseFloat(plain).map(d -> (Object) d).orElse(s);
    }
    return s;
  }

  private static OffsetDateTime time(Matcher t) {
    LocalDate d = LocalDate.of(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)), Integer.parseInt(t.group(3)));
    if (t.group(4) == null) {
      return d.atStartOfDay().atOffset(ZoneOffset.UTC);
    }
    int nanos = t.group(7) == null ? 0 : Integer.parseInt((t.group(7) + "000000000").substring(0, 9));
    LocalDateTime ldt = d.atTime(Integer.parseInt(t.group(4)), Integer.parseInt(t.group(5)),
        Integer.parseInt(t.group(6)), nanos);
    String z = t.group(8);
    return ldt.atOffset(z == null || z.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(z));
  }

  /** Go's strconv.ParseInt(s, 0, 64), then ParseUint; null when neither accepts it. */
  static Object parseInt(String s) {
    String body = s;
    boolean neg = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      neg = body.startsWith("-");
      body = body.substring(1);
    }
    if (body.isEmpty()) {
      return null;
    }
    int radix = 10;
    String digits = body;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x') {
        radix = 16;
        digits = body.substring(2);
      } else if (p == 'o') {
        radix = 8;
        digits = body.substring(2);
      } else if (p == 'b') {
        radix = 2;
        digits = body.substring(2);
      } else {
        radix = 8;
        digits = body.substring(1);
      }
    }
    if (digits.isEmpty() || !digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
      return null;
    }
    try {
      BigInteger v = new BigInteger(digits, radix);
      if (neg) {
        v = v.negate();
      }
      if (v.bitLength() < 64) {
        return v.longValue();
      }
      if (!neg && v.bitLength() == 64) {
        return v; // fits uint64
      }
      return null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static java.util.Optional<Double> parseFloat(String s) {
    try {
      return java.util.Optional.of(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** sops' ToBytes: the bytes of a typed value as the MAC sees them. */
  static byte[] toBytes(Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    return text(v).getBytes(StandardCharsets.UTF_8);
  }

  /** The text sops writes for a typed value (strconv forms, True/False, RFC 3339). */
  public static String text(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      return formatFloat(d);
    }
    if (v instanceof Float f) {
      return formatFloat(f.doubleValue());
    }
    if (v instanceof Time t) {
      return t.text();
    }
    return String.valueOf(v);
  }

  /** strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    String s = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "-0" : s;
  }
}
