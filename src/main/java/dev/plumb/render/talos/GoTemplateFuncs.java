package dev.plumb.render.talos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The functions of plumb's Go templates: text/template's builtins (and, or, not, eq, ne, lt, le,
 * gt, ge, len, index, print, println, printf with %s %d %v %q) and the common sprig string and
 * list functions (Masterminds/sprig, which talhelper's templating registers). Argument order is
 * sprig's: a piped value comes last.
 */
final class GoTemplateFuncs {
  static final Set<String> NAMES = Set.of("and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index",
      "print", "println", "printf", "contains", "hasPrefix", "hasSuffix", "lower", "upper", "title", "trim", "trimAll",
      "trimPrefix", "trimSuffix", "quote", "squote", "replace", "default", "empty", "coalesce", "ternary", "join",
      "splitList", "list", "first", "last", "toString", "repeat", "trunc", "indent", "nindent", "regexMatch",
      "regexReplaceAll", "b64enc", "b64dec", "cat");

  private GoTemplateFuncs() {}

  static Object call(String fn, List<Object> a) {
    return switch (fn) {
      case "and" -> a.stream().filter(x -> !truth(x)).findFirst().orElse(a.isEmpty() ? null : a.get(a.size() - 1));
      case "or" -> a.stream().filter(GoTemplateFuncs::truth).findFirst().orElse(a.isEmpty() ? null : a.get(a.size() - 1));
      case "not" -> !truth(one(fn, a));
      case "eq" -> a.size() >= 2 && a.subList(1, a.size()).stream().anyMatch(x -> compare(a.get(0), x) == 0);
      case "ne" -> compare(arg(fn, a, 0, 2), a.get(1)) != 0;
      case "lt" -> compare(arg(fn, a, 0, 2), a.get(1)) < 0;
      case "le" -> compare(arg(fn, a, 0, 2), a.get(1)) <= 0;
      case "gt" -> compare(arg(fn, a, 0, 2), a.get(1)) > 0;
      case "ge" -> compare(arg(fn, a, 0, 2), a.get(1)) >= 0;
      case "len" -> (long) (one(fn, a) instanceof List<?> l ? l.size() : one(fn, a) instanceof Map<?, ?> m ? m.size()
          : print(one(fn, a)).length());
      case "index" -> index(a);
      case "print", "cat" -> a.stream().map(GoTemplateFuncs::print).collect(Collectors.joining(fn.equals("cat") ? " " : ""));
      case "println" -> a.stream().map(GoTemplateFuncs::print).collect(Collectors.joining(" ")) + "\n";
      case "printf" -> printf(a);
      case "contains" -> s(arg(fn, a, 1, 2)).contains(s(a.get(0)));
      case "hasPrefix" -> s(arg(fn, a, 1, 2)).startsWith(s(a.get(0)));
      case "hasSuffix" -> s(arg(fn, a, 1, 2)).endsWith(s(a.get(0)));
      case "lower" -> s(one(fn, a)).toLowerCase(Locale.ROOT);
      case "upper" -> s(one(fn, a)).toUpperCase(Locale.ROOT);
      case "title" -> title(s(one(fn, a)));
      case "trim" -> s(one(fn, a)).strip();
      case "trimAll" -> trimAll(s(arg(fn, a, 1, 2)), s(a.get(0)));
      case "trimPrefix" -> s(arg(fn, a, 1, 2)).startsWith(s(a.get(0))) ? s(a.get(1)).substring(s(a.get(0)).length()) : a.get(1);
      case "trimSuffix" -> s(arg(fn, a, 1, 2)).endsWith(s(a.get(0)))
          ? s(a.get(1)).substring(0, s(a.get(1)).length() - s(a.get(0)).length()) : a.get(1);
      case "quote" -> a.stream().filter(x -> x != null).map(x -> "\"" + print(x).replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
          .collect(Collectors.joining(" "));
      case "squote" -> a.stream().filter(x -> x != null).map(x -> "'" + print(x) + "'").collect(Collectors.joining(" "));
      case "replace" -> s(arg(fn, a, 2, 3)).replace(s(a.get(0)), s(a.get(1)));
      case "default" -> a.size() < 2 || !truth(a.get(1)) ? arg(fn, a, 0, a.size() < 2 ? 1 : 2) : a.get(1);
      case "empty" -> !truth(one(fn, a));
      case "coalesce" -> a.stream().filter(GoTemplateFuncs::truth).findFirst().orElse(null);
      case "ternary" -> truth(arg(fn, a, 2, 3)) ? a.get(0) : a.get(1);
      case "join" -> arg(fn, a, 1, 2) instanceof List<?> l
          ? l.stream().map(GoTemplateFuncs::print).collect(Collectors.joining(s(a.get(0)))) : print(a.get(1));
      case "splitList" -> new ArrayList<Object>(List.of(s(arg(fn, a, 1, 2)).split(Pattern.quote(s(a.get(0))), -1)));
      case "list" -> new ArrayList<>(a);
      case "first" -> one(fn, a) instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
      case "last" -> one(fn, a) instanceof List<?> l && !l.isEmpty() ? l.get(l.size() - 1) : null;
      case "toString" -> print(one(fn, a));
      case "repeat" -> s(arg(fn, a, 1, 2)).repeat((int) num(a.get(0)));
      case "trunc" -> trunc(s(arg(fn, a, 1, 2)), (int) num(a.get(0)));
      case "indent", "nindent" -> (fn.equals("nindent") ? "\n" : "") + indent(s(arg(fn, a, 1, 2)), (int) num(a.get(0)));
      case "regexMatch" -> Pattern.compile(s(arg(fn, a, 0, 2))).matcher(s(a.get(1))).find();
      case "regexReplaceAll" -> Pattern.compile(s(arg(fn, a, 0, 3))).matcher(s(a.get(1)))
          .replaceAll(s(a.get(2)).replace("\\", "\\\\").replaceAll("\\$\\{?(\\w+)}?", "\\$$1"));
      case "b64enc" -> Base64.getEncoder().encodeToString(s(one(fn, a)).getBytes(StandardCharsets.UTF_8));
      case "b64dec" -> new String(Base64.getDecoder().decode(s(one(fn, a))), StandardCharsets.UTF_8);
      default -> throw new IllegalArgumentException("template function '" + fn + "' is not supported by plumb"
          + " (supported: " + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
    };
  }

  /** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
  static boolean truth(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    return !(v instanceof Map<?, ?> m) || !m.isEmpty();
  }

  /** fmt's %v. */
  static String print(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Double d) {
      return dev.plumb.render.yaml.GoYamlWriter.formatFloatG(d);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(GoTemplateFuncs::print).collect(Collectors.joining(" ", "[", "]"));
    }
    if (v instanceof Map<?, ?> m) {
      return new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + ":" + print(e.getValue()))
          .collect(Collectors.joining(" ", "map[", "]"));
    }
    return String.valueOf(v);
  }

  private static Object one(String fn, List<Object> a) {
    return arg(fn, a, 0, 1);
  }

  private static Object arg(String fn, List<Object> a, int i, int n) {
    if (a.size() != n) {
      throw new IllegalArgumentException("wrong number of args for " + fn + ": want " + n + " got " + a.size());
    }
    return a.get(i);
  }

  private static String s(Object o) {
    return o == null ? "" : print(o);
  }

  private static double num(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("expected a number, got " + print(o));
  }

  private static int compare(Object x, Object y) {
    if (x instanceof Number a && y instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (x instanceof String a && y instanceof String b) {
      return a.compareTo(b);
    }
    if (x instanceof Boolean a && y instanceof Boolean b) {
      return a.equals(b) ? 0 : 1;
    }
    if (x == null || y == null) {
      return x == y ? 0 : 1;
    }
    throw new IllegalArgumentException("incompatible types for comparison: " + print(x) + " and " + print(y));
  }

  private static Object index(List<Object> a) {
    Object cur = a.isEmpty() ? null : a.get(0);
    for (Object k : a.subList(Math.min(1, a.size()), a.size())) {
      if (cur instanceof List<?> l && k instanceof Number n) {
        if (n.intValue() < 0 || n.intValue() >= l.size()) {
          throw new IllegalArgumentException("index out of range: " + n);
        }
        cur = l.get(n.intValue());
      } else if (cur instanceof Map<?, ?> m) {
        cur = m.get(print(k));
      } else {
        throw new IllegalArgumentException("can't index item of type " + (cur == null ? "nil" : print(cur)));
      }
    }
    return cur;
  }

  private static String printf(List<Object> a) {
    if (a.isEmpty()) {
      throw new IllegalArgumentException("wrong number of args for printf: want at least 1 got 0");
    }
    String f = s(a.get(0));
    StringBuilder sb = new StringBuilder();
    int next = 1;
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '%' || i + 1 >= f.length()) {
        sb.append(c);
        continue;
      }
      char verb = f.charAt(++i);
      if (verb == '%') {
        sb.append('%');
        continue;
      }
      Object v = next < a.size() ? a.get(next++) : null;
      sb.append(switch (verb) {
        case 's', 'v', 'd' -> print(v);
        case 'q' -> "\"" + print(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        default -> throw new IllegalArgumentException("printf verb %" + verb + " is not supported by plumb");
      });
    }
    return sb.toString();
  }

  private static String title(String s) {
    StringBuilder sb = new StringBuilder();
    boolean start = true;
    for (char c : s.toCharArray()) {
      sb.append(start ? Character.toUpperCase(c) : c);
      start = !Character.isLetterOrDigit(c);
    }
    return sb.toString();
  }

  private static String trimAll(String s, String cutset) {
    int a = 0;
    int b = s.length();
    while (a < b && cutset.indexOf(s.charAt(a)) >= 0) {
      a++;
    }
    while (b > a && cutset.indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    return s.substring(a, b);
  }

  private static String trunc(String s, int n) {
    if (n >= 0) {
      return s.length() > n ? s.substring(0, n) : s;
    }
    return s.length() > -n ? s.substring(s.length() + n) : s;
  }

  private static String indent(String s, int n) {
    String pad = " ".repeat(n);
    return pad + s.replace("\n", "\n" + pad);
  }
}
