package dev.plumb.render.talos;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The part of Go text/template that image-factory URL templates use: {@code {{.Field}}},
 * {@code {{if .Field}}}/{@code {{if not .Field}}} ... {@code {{else}}} ... {@code {{end}}}, and the
 * {@code -} trim markers. Fields come from a fixed struct, so an unknown field is an error, as
 * Go's "can't evaluate field" is; so is any other construct.
 */
final class UrlTemplate {
  private UrlTemplate() {}

  static String render(String tmpl, Map<String, Object> data) {
    StringBuilder out = new StringBuilder();
    // each entry: is the current branch emitting?
    Deque<boolean[]> stack = new ArrayDeque<>();
    int i = 0;
    while (i < tmpl.length()) {
      int open = tmpl.indexOf("{{", i);
      if (open < 0) {
        emit(out, stack, tmpl.substring(i));
        break;
      }
      int close = tmpl.indexOf("}}", open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed {{ in template '" + tmpl + "'");
      }
      String action = tmpl.substring(open + 2, close);
      String before = tmpl.substring(i, open);
      if (action.startsWith("-")) {
        before = before.stripTrailing();
        action = action.substring(1);
      }
      emit(out, stack, before);
      i = close + 2;
      if (action.endsWith("-")) {
        action = action.substring(0, action.length() - 1);
        while (i < tmpl.length() && Character.isWhitespace(tmpl.charAt(i))) {
          i++;
        }
      }
      act(action.strip(), data, stack, out);
    }
    if (!stack.isEmpty()) {
      throw new IllegalArgumentException("unexpected EOF: {{if}} without {{end}} in template '" + tmpl + "'");
    }
    return out.toString();
  }

  private static void act(String a, Map<String, Object> data, Deque<boolean[]> stack, StringBuilder out) {
    boolean outer = stack.stream().allMatch(b -> b[0]);
    if (a.startsWith("if ")) {
      String cond = a.substring(3).strip();
      boolean negate = cond.startsWith("not ");
      boolean v = truthy(field(negate ? cond.substring(4).strip() : cond, data)) != negate;
      stack.push(new boolean[] {outer && v, outer && !v});
    } else if (a.equals("else")) {
      boolean[] top = requireOpen(stack, a);
      top[0] = top[1];
    } else if (a.equals("end")) {
      requireOpen(stack, a);
      stack.pop();
    } else if (a.startsWith(".")) {
      if (outer) {
        out.append(field(a, data));
      }
    } else {
      throw new IllegalArgumentException("unsupported template action {{" + a + "}} (plumb supports "
          + "{{.Field}}, {{if .Field}}, {{if not .Field}}, {{else}} and {{end}} in URL templates)");
    }
  }

  private static boolean[] requireOpen(Deque<boolean[]> stack, String a) {
    if (stack.isEmpty()) {
      throw new IllegalArgumentException("unexpected {{" + a + "}} in template");
    }
    return stack.peek();
  }

  private static Object field(String ref, Map<String, Object> data) {
    String name = ref.startsWith(".") ? ref.substring(1) : ref;
    if (!data.containsKey(name)) {
      throw new IllegalArgumentException("can't evaluate field " + name + " (fields: "
          + String.join(", ", new java.util.TreeSet<>(data.keySet())) + ")");
    }
    return data.get(name);
  }

  private static boolean truthy(Object v) {
    return v instanceof Boolean b ? b : v != null && !String.valueOf(v).isEmpty();
  }

  private static void emit(StringBuilder out, Deque<boolean[]> stack, String text) {
    if (stack.stream().allMatch(b -> b[0])) {
      out.append(text);
    }
  }
}
