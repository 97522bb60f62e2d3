package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subset of Go text/template (with sprig functions) that talhelper repositories use in
 * patches, labels and annotations: actions {@code {{ pipeline }}} (with {@code -} trim markers),
 * field chains on the config in Talos's Go field names ({@code .MachineConfig.MachineInstall.InstallImage}),
 * string literals, and the functions contains, hasPrefix, hasSuffix, lower, upper, trim, quote,
 * replace and default. Anything else is an error that names the template and the construct.
 */
public final class GoTemplate {
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("MachineConfig", "machine"), Map.entry("ClusterConfig", "cluster"),
      Map.entry("MachineInstall", "install"), Map.entry("InstallImage", "image"), Map.entry("InstallDisk", "disk"),
      Map.entry("MachineNetwork", "network"), Map.entry("NetworkHostname", "hostname"),
      Map.entry("MachineType", "type"), Map.entry("ClusterNetwork", "network"),
      Map.entry("ServiceSubnet", "serviceSubnets"), Map.entry("PodSubnet", "podSubnets"),
      Map.entry("ClusterName", "clusterName"), Map.entry("DNSDomain", "dnsDomain"),
      Map.entry("ControlPlane", "controlPlane"), Map.entry("Endpoint", "endpoint"),
      Map.entry("MachineCertSANs", "certSANs"), Map.entry("MachineNodeLabels", "nodeLabels"),
      Map.entry("ConfigVersion", "version"), Map.entry("ConfigDebug", "debug"));

  private GoTemplate() {}

  /** Renders {@code text} against the v1alpha1 document; {@code where} names it in errors. */
  public static String render(String text, Map<String, Object> v1alpha1, String where) {
    if (!text.contains("{{")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      int close = text.indexOf("}}", open);
      if (close < 0) {
        throw new IllegalArgumentException(where + ": unclosed {{ in template");
      }
      String before = text.substring(i, open);
      String action = text.substring(open + 2, close);
      if (action.startsWith("-")) {
        before = before.stripTrailing();
        action = action.substring(1);
      }
      boolean trimAfter = action.endsWith("-");
      if (trimAfter) {
        action = action.substring(0, action.length() - 1);
      }
      out.append(before).append(eval(action.strip(), v1alpha1, where));
      i = close + 2;
      if (trimAfter) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
      }
    }
    return out.toString();
  }

  private static String eval(String pipeline, Map<String, Object> data, String where) {
    if (pipeline.startsWith("/*")) {
      return "";
    }
    Object value = null;
    boolean first = true;
    for (String stage : splitPipes(pipeline)) {
      List<String> words = words(stage.strip(), where);
      if (words.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty pipeline stage in '{{ " + pipeline + " }}'");
      }
      if (first && words.size() == 1 && !isFunc(words.get(0))) {
        value = operand(words.get(0), data, where);
      } else {
        List<Object> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
          args.add(operand(w, data, where));
        }
        if (!first) {
          args.add(value);
        }
        value = call(words.get(0), args, where);
      }
      first = false;
    }
    return value == null ? "<no value>" : String.valueOf(value);
  }

  private static boolean isFunc(String w) {
    return !w.startsWith(".") && !w.startsWith("\"") && !w.startsWith("`");
  }

  private static Object operand(String w, Map<String, Object> data, String where) {
    if (w.startsWith("\"") || w.startsWith("`")) {
      return w.substring(1, w.length() - 1).replace("\\\"", "\"");
    }
    if (w.equals("true") || w.equals("false")) {
      return Boolean.parseBoolean(w);
    }
    if (!w.startsWith(".")) {
      throw new IllegalArgumentException(where + ": unsupported template operand '" + w + "'");
    }
    Object cur = data;
    for (String f : w.substring(1).split("\\.")) {
      if (f.isEmpty()) {
        continue;
      }
      String key = FIELDS.get(f);
      if (key == null) {
        throw new IllegalArgumentException(where + ": template field ." + f + " is not supported (supported: "
            + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())) + ")");
      }
      cur = cur instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return cur;
  }

  private static Object call(String fn, List<Object> a, String where) {
    String s0 = a.isEmpty() ? "" : String.valueOf(a.get(a.size() - 1));
    return switch (fn) {
      case "contains" -> need(a, 2, fn, where) && String.valueOf(a.get(1)).contains(String.valueOf(a.get(0)));
      case "hasPrefix" -> need(a, 2, fn, where) && String.valueOf(a.get(1)).startsWith(String.valueOf(a.get(0)));
      case "hasSuffix" -> need(a, 2, fn, where) && String.valueOf(a.get(1)).endsWith(String.valueOf(a.get(0)));
      case "lower" -> s0.toLowerCase(Locale.ROOT);
      case "upper" -> s0.toUpperCase(Locale.ROOT);
      case "trim" -> s0.strip();
      case "quote" -> "\"" + s0 + "\"";
      case "replace" -> need(a, 3, fn, where) ? String.valueOf(a.get(2)).replace(String.valueOf(a.get(0)),
          String.valueOf(a.get(1))) : "";
      case "default" -> a.size() < 2 || a.get(1) == null || String.valueOf(a.get(1)).isEmpty() ? a.get(0) : a.get(1);
      default -> throw new IllegalArgumentException(where + ": template function '" + fn + "' is not supported"
          + " (supported: contains, hasPrefix, hasSuffix, lower, upper, trim, quote, replace, default)");
    };
  }

  private static boolean need(List<Object> a, int n, String fn, String where) {
    if (a.size() != n) {
      throw new IllegalArgumentException(where + ": " + fn + " takes " + n + " arguments");
    }
    return true;
  }

  private static List<String> splitPipes(String p) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : p.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == '|' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static List<String> words(String s, String where) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '`') {
        int end = s.indexOf(c, i + 1);
        while (c == '"' && end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf(c, end + 1);
        }
        if (end < 0) {
          throw new IllegalArgumentException(where + ": unterminated string in template");
        }
        out.add(s.substring(i, end + 1));
        i = end + 1;
      } else if (c == '(' || c == '$') {
        throw new IllegalArgumentException(where + ": template construct '" + s.substring(i)
            + "' is not supported (variables and parentheses)");
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
