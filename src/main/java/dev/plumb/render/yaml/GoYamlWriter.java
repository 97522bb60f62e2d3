package dev.plumb.render.yaml;

import dev.plumb.render.sops.GoYaml;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes plain values as gopkg.in/yaml.v3's encoder does (encode.go, emitterc.go), which is what
 * the Image Factory hashes for a schematic ID and what talhelper writes when it re-encodes a file:
 * block style, nested collections at the next multiple of the indent, a mapping in a sequence item
 * two columns in, strings plain where they would read back as the same string, else single or
 * double quoted as the emitter allows, multi-line strings as {@code |} literals with the chomping
 * indicator their trailing newlines need, no line wrapping. Map order is the caller's.
 */
public final class GoYamlWriter {
  /** A scalar that keeps the style its source gave it (yaml.v3 keeps a node's style when it re-encodes it). */
  public record Styled(String text, Style style) {}

  /** A mapping or sequence written in flow style ({@code [a, b]}, {@code {a: b}}), as its source had it. */
  public record Flow(Object collection) {}

  /** The scalar styles of the emitter. */
  public enum Style { PLAIN, SINGLE, DOUBLE, LITERAL, FOLDED }

  private static final Pattern BASE60 = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final java.util.Set<String> OLD_BOOLS = java.util.Set.of("y", "Y", "yes", "Yes", "YES", "n", "N",
      "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");

  private final int best;
  private final StringBuilder out = new StringBuilder();

  private GoYamlWriter(int best) {
    this.best = best;
  }

  /** One document, as yaml.v3 writes it with the given indent (4 is yaml.Marshal's). */
  public static String write(Object root, int indent) {
    GoYamlWriter w = new GoYamlWriter(indent);
    w.top(root);
    return w.out.toString();
  }

  private void top(Object v) {
    if (v instanceof Flow f) {
      out.append(flow(f.collection())).append('\n');
    } else if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      mapping(m, 0, false);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      sequence(l, 0, false);
    } else {
      scalarOrEmpty(v, 0);
    }
  }

  private int child(int indent) {
    return best * ((indent + best) / best);
  }

  private void mapping(Map<?, ?> m, int indent, boolean inline) {
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(first && inline)) {
        out.append(" ".repeat(indent));
      }
      first = false;
      out.append(key(e.getKey(), false)).append(':');
      Object v = e.getValue();
      if (v instanceof Map<?, ?> vm && !vm.isEmpty()) {
        out.append('\n');
        mapping(vm, child(indent), false);
      } else if (v instanceof List<?> vl && !vl.isEmpty()) {
        out.append('\n');
        sequence(vl, child(indent), false);
      } else {
        out.append(' ');
        scalarOrEmpty(v, child(indent));
      }
    }
  }

  private void sequence(List<?> l, int indent, boolean inline) {
    boolean first = true;
    for (Object v : l) {
      if (!(first && inline)) {
        out.append(" ".repeat(indent));
      }
      first = false;
      out.append("- ");
      if (v instanceof Map<?, ?> vm && !vm.isEmpty()) {
        mapping(vm, indent + 2, true);
      } else if (v instanceof List<?> vl && !vl.isEmpty()) {
        sequence(vl, indent + 2, true);
      } else {
        scalarOrEmpty(v, indent + 2);
      }
    }
  }

  private void scalarOrEmpty(Object v, int blockIndent) {
    if (v instanceof Flow f) {
      out.append(flow(f.collection())).append('\n');
    } else if (v instanceof Map<?, ?>) {
      out.append("{}\n");
    } else if (v instanceof List<?>) {
      out.append("[]\n");
    } else if (v instanceof Styled s) {
      out.append(render(s.text(), select(s.text(), s.style(), false), blockIndent)).append('\n');
    } else if (v instanceof String s) {
      out.append(render(s, styleOf(s, false), blockIndent)).append('\n');
    } else if (v instanceof Double d) {
      out.append(formatFloat(d)).append('\n');
    } else if (v instanceof Float f) {
      out.append(formatFloat(f.doubleValue())).append('\n');
    } else {
      out.append(v == null ? "null" : String.valueOf(v)).append('\n');
    }
  }

  /** A collection in flow style, on one line (the emitter is given no line width). */
  private String flow(Object v) {
    if (v instanceof Flow f) {
      return flow(f.collection());
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(key(k, true)).append(": ").append(flow(x)));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      l.forEach(x -> sb.append(sb.length() > 1 ? ", " : "").append(flow(x)));
      return sb.append(']').toString();
    }
    if (v instanceof Styled st) {
      return flowScalar(st.text(), st.style(), false);
    }
    if (v instanceof String s) {
      Style wanted = s.contains("\n") ? Style.DOUBLE : canUsePlain(s) ? Style.PLAIN : Style.DOUBLE;
      return flowScalar(s, wanted, false);
    }
    return v instanceof Double d ? formatFloat(d) : v == null ? "null" : String.valueOf(v);
  }

  /** A mapping key: a styled key keeps its style (a re-encoded node), a plain string gets stringv's. */
  private String key(Object k, boolean inFlow) {
    if (k instanceof Styled st) {
      return inFlow ? flowScalar(st.text(), st.style(), true) : render(st.text(), select(st.text(), st.style(), true), 0);
    }
    String key = String.valueOf(k);
    return inFlow ? flowScalar(key, canUsePlain(key) ? Style.PLAIN : Style.DOUBLE, true)
        : render(key, styleOf(key, true), 0);
  }

  private String flowScalar(String s, Style wanted, boolean key) {
    GoYamlAnalysis a = GoYamlAnalysis.of(s);
    Style style = wanted == Style.LITERAL || wanted == Style.FOLDED ? Style.DOUBLE : wanted;
    if (style == Style.PLAIN && (!a.flowPlain() || s.isEmpty() || (key && a.multiline()))) {
      style = Style.SINGLE;
    }
    if (style == Style.SINGLE && (!a.single() || a.multiline())) {
      style = Style.DOUBLE;
    }
    return render(s, style, 0);
  }

  /** The style yaml.v3's stringv asks for, as the emitter grants it. */
  static Style styleOf(String s, boolean key) {
    Style wanted = s.contains("\n") ? Style.LITERAL : canUsePlain(s) ? Style.PLAIN : Style.DOUBLE;
    return select(s, wanted, key);
  }

  private static boolean canUsePlain(String s) {
    return !s.isEmpty() && !s.equals("<<") && GoYaml.resolvePlain(s) instanceof String
        && !BASE60.matcher(s).matches() && !OLD_BOOLS.contains(s);
  }

  /** yaml_emitter_select_scalar_style over yaml_emitter_analyze_scalar. */
  static Style select(String s, Style wanted, boolean key) {
    GoYamlAnalysis a = GoYamlAnalysis.of(s);
    Style style = wanted;
    if (key && a.multiline()) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN && (!a.blockPlain() || (s.isEmpty() && key))) {
      style = Style.SINGLE;
    }
    if (style == Style.SINGLE && (!a.single() || a.multiline())) {
      style = Style.DOUBLE;
    }
    if ((style == Style.LITERAL || style == Style.FOLDED) && (!a.block() || key)) {
      style = Style.DOUBLE;
    }
    return style;
  }

  private String render(String s, Style style, int blockIndent) {
    return switch (style) {
      case PLAIN -> s;
      case SINGLE -> "'" + s.replace("'", "''") + "'";
      case DOUBLE -> GoYamlScalars.doubleQuoted(s);
      case LITERAL -> GoYamlScalars.block('|', s, blockIndent, best);
      case FOLDED -> GoYamlScalars.block('>', s, blockIndent, best);
    };
  }

  /**
   * yaml.v3's order of map keys (encode.go keyList.Less): runs of digits compare as numbers,
   * letters compare by code point and sort after anything that is not a letter.
   */
  public static int compareKeys(String x, String y) {
    int[] a = x.codePoints().toArray();
    int[] b = y.codePoints().toArray();
    boolean digits = false;
    for (int i = 0; i < a.length && i < b.length; i++) {
      if (a[i] == b[i]) {
        digits = Character.isDigit(a[i]);
        continue;
      }
      boolean al = Character.isLetter(a[i]);
      boolean bl = Character.isLetter(b[i]);
      if (al && bl) {
        return Integer.compare(a[i], b[i]);
      }
      if (al || bl) {
        return (digits ? al : bl) ? -1 : 1;
      }
      return compareNumbers(a, b, i);
    }
    return Integer.compare(a.length, b.length);
  }

  private static int compareNumbers(int[] a, int[] b, int i) {
    long an = 0;
    long bn = 0;
    if (a[i] == '0' || b[i] == '0') {
      for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
        if (a[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    int ai = i;
    int bi = i;
    for (; ai < a.length && Character.isDigit(a[ai]); ai++) {
      an = an * 10 + (a[ai] - '0');
    }
    for (; bi < b.length && Character.isDigit(b[bi]); bi++) {
      bn = bn * 10 + (b[bi] - '0');
    }
    if (an != bn) {
      return an < bn ? -1 : 1;
    }
    if (ai != bi) {
      return ai < bi ? -1 : 1;
    }
    return Integer.compare(a[i], b[i]);
  }

  /** strconv.FormatFloat(d, 'g', -1, 64) with yaml.v3's names for infinities and NaN. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    return formatFloatG(d);
  }

  /** strconv.FormatFloat(d, 'g', -1, 64), which is also fmt's %v of a float64. */
  public static String formatFloatG(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = b.unscaledValue().abs().toString();
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exp));
      return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }
    return b.toPlainString();
  }
}
