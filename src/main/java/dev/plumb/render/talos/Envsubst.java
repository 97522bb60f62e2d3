package dev.plumb.render.talos;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Variable substitution with talhelper's semantics (a8m/envsubst in restricted mode): {@code $VAR}
 * and {@code ${VAR}} must be set and non-empty; {@code ${VAR:-d}}, {@code ${VAR-d}},
 * {@code ${VAR:=d}}, {@code ${VAR=d}}, {@code ${VAR:+a}} and {@code ${VAR+a}} as in the shell;
 * {@code $$} is a literal {@code $}. Every unset variable is reported with its line and column.
 */
public final class Envsubst {
  private static final Pattern WHOLE_LINE_COMMENT = Pattern.compile("(?m)^[ \\t]*#[^\\r\\n]*");
  private final Function<String, String> lookup;
  private final String sources;

  /**
   * @param vars the variables (env files over the process environment)
   * @param sources a description of where variables were looked for, for messages
   */
  public Envsubst(Map<String, String> vars, String sources) {
    this.lookup = vars::get;
    this.sources = sources;
  }

  /**
   * Substitutes every variable in the YAML {@code text} (from {@code file}) after removing its
   * comments, as talhelper substitutes a comment-free encoding: a {@code $} in a comment is never
   * an error. When the text is not YAML even before substitution, only whole-line comments are
   * dropped, and the YAML error is reported with any variable problem, so that a broken file with
   * the usual {@code # yaml-language-server: $schema=...} first line reads as the YAML error it is.
   */
  public String apply(String file, String text) {
    if (text.length() > YamlReader.MAX_BYTES) {
      throw new RenderException(new RenderProblem(file, 0, 0, "", "file is larger than " + YamlReader.MAX_BYTES
          + " bytes"));
    }
    String stripped;
    RenderException notYaml = null;
    try {
      stripped = YamlReader.stripComments(file, text);
    } catch (RenderException e) {
      notYaml = e;
      stripped = WHOLE_LINE_COMMENT.matcher(text).replaceAll("");
    }
    try {
      return applyText(file, stripped);
    } catch (RenderException e) {
      if (notYaml == null) {
        throw e;
      }
      List<RenderProblem> all = new ArrayList<>(notYaml.problems());
      all.addAll(e.problems());
      throw new RenderException(all);
    }
  }

  /** Substitutes every variable in {@code text} as it is (not YAML: no comment handling); all problems at once. */
  public String applyText(String file, String text) {
    List<RenderProblem> problems = new ArrayList<>();
    String out = substitute(file, text, problems, 0);
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return out;
  }

  private String substitute(String file, String text, List<RenderProblem> problems, int base) {
    StringBuilder sb = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        sb.append(c);
        i++;
        continue;
      }
      char n = text.charAt(i + 1);
      if (n == '$') {
        sb.append('$');
        i += 2;
      } else if (n == '{') {
        int close = matching(text, i + 1);
        if (close < 0) {
          problems.add(problem(file, text, base + i, "${", "unterminated ${ (a literal $ is written $$)"));
          sb.append(text, i, text.length());
          break;
        }
        sb.append(expand(file, text, i, text.substring(i + 2, close), problems, base));
        i = close + 1;
      } else if (Character.isLetter(n) || n == '_') {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        String name = text.substring(i + 1, j);
        sb.append(required(file, text, i, name, problems, base));
        i = j;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private String expand(String file, String text, int at, String expr, List<RenderProblem> problems, int base) {
    int j = 0;
    while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_')) {
      j++;
    }
    String name = expr.substring(0, j);
    if (name.isEmpty()) {
      problems.add(problem(file, text, base + at, "${" + expr + "}", "bad substitution"));
      return "";
    }
    if (j == expr.length()) {
      return required(file, text, at, name, problems, base);
    }
    String rest = expr.substring(j);
    String value = lookup.apply(name);
    boolean colon = rest.startsWith(":");
    String op = colon ? rest.substring(1, Math.min(2, rest.length())) : rest.substring(0, 1);
    String word = rest.substring(colon ? 2 : 1);
    boolean missing = value == null || (colon && value.isEmpty());
    switch (op) {
      case "-", "=" -> {
        return missing ? substitute(file, word, problems, base + at) : value;
      }
      case "+" -> {
        return missing ? "" : substitute(file, word, problems, base + at);
      }
      default -> {
        problems.add(problem(file, text, base + at, "${" + expr + "}", "bad substitution"));
        return "";
      }
    }
  }

  private String required(String file, String text, int at, String name, List<RenderProblem> problems, int base) {
    String v = lookup.apply(name);
    if (v == null || v.isEmpty()) {
      problems.add(problem(file, text, base + at, "${" + name + "}", "variable " + (v == null ? "not set" : "is empty")
          + " (looked in " + sources + "; write $$ for a literal $)"));
      return "";
    }
    return v;
  }

  private static int matching(String text, int open) {
    int depth = 0;
    for (int k = open; k < text.length(); k++) {
      char ch = text.charAt(k);
      if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        return k;
      } else if (ch == '\n') {
        return -1;
      }
    }
    return -1;
  }

  private static RenderProblem problem(String file, String text, int index, String field, String msg) {
    int line = 1;
    int col = 1;
    for (int k = 0; k < Math.min(index, text.length()); k++) {
      if (text.charAt(k) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new RenderProblem(file, line, col, field, msg);
  }
}
