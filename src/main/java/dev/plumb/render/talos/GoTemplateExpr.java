package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.List;

/** The pipelines inside Go template actions: lexed and parsed as text/template/parse does, for the subset plumb runs. */
final class GoTemplateExpr {
  /** {@code $a, $b := cmd | cmd}: declared (or assigned) variables and the commands. */
  record Pipe(List<String> vars, boolean declare, List<Cmd> cmds) {}

  /** A command: a function and its arguments, or a single operand. */
  record Cmd(List<Arg> args) {}

  sealed interface Arg permits Field, Var, Lit, Ident, Sub {}

  /** {@code .A.B} on dot; an empty chain is dot itself. */
  record Field(List<String> chain) implements Arg {}

  /** {@code $x.A.B}; {@code $} alone is the root data. */
  record Var(String name, List<String> chain) implements Arg {}

  record Lit(Object value) implements Arg {}

  /** A function name. */
  record Ident(String name) implements Arg {}

  /** {@code (pipeline).A.B}. */
  record Sub(Pipe pipe, List<String> chain) implements Arg {}

  private final List<String> tokens;
  private int pos;

  private GoTemplateExpr(List<String> tokens) {
    this.tokens = tokens;
  }

  static Pipe parse(String text) {
    GoTemplateExpr p = new GoTemplateExpr(lex(text));
    Pipe pipe = p.pipe();
    if (p.pos < p.tokens.size()) {
      throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return pipe;
  }

  private Pipe pipe() {
    List<String> vars = new ArrayList<>();
    boolean declare = false;
    int mark = pos;
    while (pos < tokens.size() && tokens.get(pos).startsWith("$") && !tokens.get(pos).contains(".")) {
      vars.add(tokens.get(pos++));
      if (pos < tokens.size() && tokens.get(pos).equals(",")) {
        pos++;
        continue;
      }
      break;
    }
    if (!vars.isEmpty() && pos < tokens.size() && (tokens.get(pos).equals(":=") || tokens.get(pos).equals("="))) {
      declare = tokens.get(pos++).equals(":=");
    } else {
      vars.clear();
      pos = mark;
    }
    List<Cmd> cmds = new ArrayList<>();
    cmds.add(cmd());
    while (pos < tokens.size() && tokens.get(pos).equals("|")) {
      pos++;
      cmds.add(cmd());
    }
    return new Pipe(vars, declare, cmds);
  }

  private Cmd cmd() {
    List<Arg> args = new ArrayList<>();
    while (pos < tokens.size() && !tokens.get(pos).equals("|") && !tokens.get(pos).equals(")")) {
      args.add(arg());
    }
    if (args.isEmpty()) {
      throw new IllegalArgumentException("missing value for command");
    }
    return new Cmd(args);
  }

  private Arg arg() {
    String t = tokens.get(pos++);
    if (t.equals("(")) {
      Pipe inner = pipe();
      if (pos >= tokens.size() || !tokens.get(pos).equals(")")) {
        throw new IllegalArgumentException("unclosed left paren");
      }
      pos++;
      List<String> chain = List.of();
      if (pos < tokens.size() && tokens.get(pos).startsWith(".") && tokens.get(pos).length() > 1) {
        chain = chain(tokens.get(pos++));
      }
      return new Sub(inner, chain);
    }
    char c = t.charAt(0);
    if (c == '.') {
      return new Field(chain(t));
    }
    if (c == '$') {
      int dot = t.indexOf('.');
      return dot < 0 ? new Var(t, List.of()) : new Var(t.substring(0, dot), chain(t.substring(dot)));
    }
    if (c == '"') {
      return new Lit(unquote(t));
    }
    if (c == '`') {
      return new Lit(t.substring(1, t.length() - 1));
    }
    if (Character.isDigit(c) || ((c == '-' || c == '+') && t.length() > 1)) {
      return new Lit(number(t));
    }
    return switch (t) {
      case "true" -> new Lit(Boolean.TRUE);
      case "false" -> new Lit(Boolean.FALSE);
      case "nil" -> new Lit(null);
      case ",", ":=", "=" -> throw new IllegalArgumentException("unexpected '" + t + "'");
      default -> new Ident(t);
    };
  }

  private static List<String> chain(String t) {
    List<String> out = new ArrayList<>();
    for (String f : t.substring(1).split("\\.")) {
      if (!f.isEmpty()) {
        out.add(f);
      }
    }
    return out;
  }

  private static Object number(String t) {
    try {
      return t.contains(".") || t.contains("e") || t.contains("E") ? (Object) Double.parseDouble(t) : Long.decode(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number syntax: " + t);
    }
  }

  private static String unquote(String t) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char n = t.charAt(++i);
      sb.append(switch (n) {
        case 'n' -> '\n';
        case 't' -> '\t';
        case 'r' -> '\r';
        default -> n;
      });
    }
    return sb.toString();
  }

  static List<String> lex(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '`') {
        int end = i + 1;
        while (end < s.length() && s.charAt(end) != c) {
          end += c == '"' && s.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= s.length()) {
          throw new IllegalArgumentException("unterminated quoted string");
        }
        out.add(s.substring(i, end + 1));
        i = end + 1;
      } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
        out.add(":=");
        i += 2;
      } else if ("|(),=".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "|(),=\"`".indexOf(s.charAt(j)) < 0
            && !(s.charAt(j) == ':' && j + 1 < s.length() && s.charAt(j + 1) == '=')) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
