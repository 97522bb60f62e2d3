package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go text/template as talhelper runs it on patches, labels and annotations (pkg/templating: Go's
 * text/template with the sprig functions): text and {@code {{ actions }}} with {@code -} trim
 * markers, {@code if}/{@code else if}/{@code else}, {@code range} (with {@code $i, $v :=}),
 * {@code with}, variables ({@code $x := ...}, {@code $x = ...}, {@code $}), pipelines, parentheses,
 * comments, and field chains on the config in Talos's Go field names
 * ({@code .MachineConfig.MachineInstall.InstallImage}). {@code define}, {@code template} and
 * {@code block}, an unknown field and an unknown function are errors naming the construct, and so
 * is printing a value that is not there: Go would print {@code <no value>} into the config.
 */
public final class GoTemplate {
  sealed interface Node permits Text, Print, If, Range, With {}

  record Text(String text) implements Node {}

  record Print(GoTemplateExpr.Pipe pipe, String source) implements Node {}

  record If(GoTemplateExpr.Pipe cond, List<Node> then, List<Node> otherwise) implements Node {}

  record Range(GoTemplateExpr.Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {}

  record With(GoTemplateExpr.Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {}

  private record Action(String text, int index) {}

  private final List<Object> parts = new ArrayList<>();
  private final String where;
  private int pos;

  private GoTemplate(String where) {
    this.where = where;
  }

  /** Renders {@code text} against the v1alpha1 document; {@code where} names it in errors. */
  public static String render(String text, Map<String, Object> v1alpha1, String where) {
    if (!text.contains("{{")) {
      return text;
    }
    GoTemplate t = new GoTemplate(where);
    t.split(text);
    List<Node> nodes = t.list(List.of());
    if (t.pos < t.parts.size()) {
      Action a = (Action) t.parts.get(t.pos);
      throw t.error("unexpected {{ " + a.text() + " }}");
    }
    StringBuilder out = new StringBuilder();
    new GoTemplateExec(where, v1alpha1).run(nodes, out);
    return out.toString();
  }

  /** Splits the text into text parts and actions, applying the trim markers. */
  private void split(String text) {
    int i = 0;
    StringBuilder pending = new StringBuilder();
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        pending.append(text, i, text.length());
        break;
      }
      int close = closing(text, open + 2);
      String before = text.substring(i, open);
      String action = text.substring(open + 2, close);
      if (action.startsWith("- ") || action.equals("-") || action.startsWith("-\t") || action.startsWith("-\n")) {
        before = before.stripTrailing();
        action = action.substring(1);
      }
      boolean trimAfter = action.endsWith(" -") || action.endsWith("\t-") || action.endsWith("\n-");
      if (trimAfter) {
        action = action.substring(0, action.length() - 1);
      }
      pending.append(before);
      parts.add(pending.toString());
      pending.setLength(0);
      parts.add(new Action(action.strip(), open));
      i = close + 2;
      while (trimAfter && i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
    }
    parts.add(pending.toString());
  }

  private int closing(String text, int from) {
    char quote = 0;
    for (int k = from; k < text.length() - 1; k++) {
      char c = text.charAt(k);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          k++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '}' && text.charAt(k + 1) == '}') {
        return k;
      }
    }
    throw error("unclosed {{ in template");
  }

  /** Parses nodes until one of the keywords ({@code end}, {@code else}) or the end of the template. */
  private List<Node> list(List<String> until) {
    List<Node> out = new ArrayList<>();
    while (pos < parts.size()) {
      Object part = parts.get(pos);
      if (part instanceof String s) {
        if (!s.isEmpty()) {
          out.add(new Text(s));
        }
        pos++;
        continue;
      }
      Action a = (Action) part;
      String kw = keyword(a.text());
      if (until.contains(kw)) {
        return out;
      }
      pos++;
      out.addAll(action(a, kw));
    }
    if (!until.isEmpty()) {
      throw error("missing {{ end }}");
    }
    return out;
  }

  private List<Node> action(Action a, String kw) {
    String rest = a.text().substring(kw.length()).strip();
    return switch (kw) {
      case "comment" -> List.of();
      case "if" -> List.of(ifNode(rest));
      case "range" -> {
        GoTemplateExpr.Pipe p = pipe(rest);
        List<Node> body = list(List.of("end", "else"));
        yield List.of(new Range(p, body, otherwise()));
      }
      case "with" -> {
        GoTemplateExpr.Pipe p = pipe(rest);
        List<Node> body = list(List.of("end", "else"));
        yield List.of(new With(p, body, otherwise()));
      }
      case "end", "else" -> throw error("unexpected {{ " + a.text() + " }}");
      case "define", "template", "block", "break", "continue" -> throw error("the template construct '{{ " + kw
          + " }}' is not supported by plumb");
      default -> List.of(new Print(pipe(a.text()), a.text()));
    };
  }

  private If ifNode(String cond) {
    GoTemplateExpr.Pipe p = pipe(cond);
    List<Node> then = list(List.of("end", "else"));
    Action term = (Action) parts.get(pos++);
    if (keyword(term.text()).equals("end")) {
      return new If(p, then, List.of());
    }
    String afterElse = term.text().substring(4).strip();
    if (afterElse.startsWith("if ") || afterElse.equals("if")) {
      return new If(p, then, List.of(ifNode(afterElse.substring(2).strip())));
    }
    List<Node> otherwise = list(List.of("end"));
    pos++;
    return new If(p, then, otherwise);
  }

  /** After a body: the {@code else} branch up to {@code end}, consuming both. */
  private List<Node> otherwise() {
    Action term = (Action) parts.get(pos++);
    if (keyword(term.text()).equals("end")) {
      return List.of();
    }
    List<Node> out = list(List.of("end"));
    pos++;
    return out;
  }

  private static String keyword(String action) {
    if (action.startsWith("/*")) {
      return "comment";
    }
    for (String kw : List.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue")) {
      if (action.equals(kw) || action.startsWith(kw + " ") || action.startsWith(kw + "\t")) {
        return kw;
      }
    }
    return "";
  }

  private GoTemplateExpr.Pipe pipe(String text) {
    try {
      return GoTemplateExpr.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage() + " in '{{ " + shorten(text) + " }}'");
    }
  }

  static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(where + ": " + message);
  }
}
