package dev.plumb.render.talos;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text: yaml.v3 reads a duration with {@code time.ParseDuration} and
 * writes it with {@code Duration.String()}, so a talconfig {@code 1m} comes out of talhelper as
 * {@code 1m0s} (WireGuard {@code persistentKeepaliveInterval}).
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /** Nanoseconds of a Go duration string, or empty when time.ParseDuration refuses it. */
  static Optional<Long> parse(String text) {
    String s = text;
    boolean neg = s.startsWith("-");
    if (neg || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Optional.of(0L);
    }
    Matcher m = PART.matcher(s);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      String num = m.group(1);
      if (num.isEmpty() || num.equals(".")) {
        return Optional.empty();
      }
      total = total.add(new BigDecimal(num.startsWith(".") ? "0" + num : num).multiply(unit(m.group(2))));
      at = m.end();
    }
    if (at != s.length() || s.isEmpty()) {
      return Optional.empty();
    }
    long ns = total.longValue();
    return Optional.of(neg ? -ns : ns);
  }

  private static BigDecimal unit(String u) {
    return BigDecimal.valueOf(switch (u) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    });
  }

  /** Duration.String(): {@code 1h2m3.5s}, {@code 1.5ms}, {@code 0s}. */
  static String format(long nanos) {
    long u = Math.abs(nanos);
    String sign = nanos < 0 ? "-" : "";
    if (u == 0) {
      return "0s";
    }
    if (u < 1_000_000_000L) {
      if (u < 1_000L) {
        return sign + u + "ns";
      }
      return sign + (u < 1_000_000L ? frac(u, 1_000L) + "µs" : frac(u, 1_000_000L) + "ms");
    }
    long secs = u / 1_000_000_000L;
    String s = frac(u % 60_000_000_000L, 1_000_000_000L) + "s";
    long mins = secs / 60;
    if (mins == 0) {
      return sign + s;
    }
    String m = (mins % 60) + "m" + s;
    return sign + (mins / 60 == 0 ? m : (mins / 60) + "h" + m);
  }

  /** {@code v / scale} with the fraction's trailing zeros dropped. */
  private static String frac(long v, long scale) {
    long whole = v / scale;
    long rest = v % scale;
    if (rest == 0) {
      return String.valueOf(whole);
    }
    String digits = String.valueOf(scale + rest).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
