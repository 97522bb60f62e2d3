package dev.plumb.render.talos;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A talenv file read as joho/godotenv reads it (parser.go, v1.5), because that is what talhelper
 * hands its env files to: {@code KEY=value} or {@code KEY: value}, an optional {@code export}
 * prefix, {@code #} comment lines, a {@code " #"} comment after an unquoted value, single quotes
 * taken literally, double quotes with {@code \n}/{@code \r} escapes, and {@code $VAR}/{@code ${VAR}}
 * (upper-case names only) expanded in unquoted and double-quoted values from the keys read so far
 * in the file, then from the environment. {@code ---} lines are dropped. Where godotenv fails the
 * whole file (talhelper then silently ignores it), this is an error naming the line.
 */
final class Dotenv {
  private static final Pattern EXPAND = Pattern.compile("(\\\\)?(\\$)(\\()?\\{?([A-Z0-9_]+)?\\}?");
  private static final Pattern ESCAPE = Pattern.compile("\\\\.");
  private static final Pattern UNESCAPE = Pattern.compile("\\\\([^$])");

  private static final String IGNORED = " (talhelper would silently ignore this whole file)";

  private final String file;
  private final String src;
  private final Function<String, String> environment;
  private final Map<String, String> out = new LinkedHashMap<>();
  private int pos;

  private Dotenv(String file, String text, Function<String, String> environment) {
    this.file = file;
    this.src = text.replace("---\n", "\n").replace("\r\n", "\n");
    this.environment = environment;
  }

  /** The pairs of the file in order; {@code environment} answers names the file has not set (null: unset). */
  static Map<String, String> parse(String file, String text, Function<String, String> environment) {
    Dotenv d = new Dotenv(file, text, environment);
    while (d.statementStart()) {
      String key = d.key();
      d.out.put(key, d.value());
    }
    return d.out;
  }

  /** Skips blanks and comment lines; false at the end of the file. */
  private boolean statementStart() {
    while (true) {
      while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
        pos++;
      }
      if (pos >= src.length()) {
        return false;
      }
      if (src.charAt(pos) != '#') {
        return true;
      }
      int nl = src.indexOf('\n', pos);
      if (nl < 0) {
        return false;
      }
      pos = nl;
    }
  }

  private String key() {
    skipSpace();
    if (src.startsWith("export", pos) && pos + 6 < src.length() && isSpace(src.charAt(pos + 6))) {
      pos += 6;
      skipSpace();
    }
    int start = pos;
    for (int i = pos; i < src.length(); i++) {
      char c = src.charAt(i);
      if (isSpace(c) || c == '_' || c == '.' || Character.isLetterOrDigit(c)) {
        continue;
      }
      if ((c == '=' || c == ':') && i > start) {
        pos = i + 1;
        skipSpace();
        return src.substring(start, i).stripTrailing();
      }
      if (c == '\n') {
        break;
      }
      throw problem(i, "unexpected character " + shown(c) + " in a variable name" + IGNORED);
    }
    throw problem(start, "expected KEY: value or KEY=value" + IGNORED);
  }

  private String value() {
    if (pos >= src.length()) {
      return "";
    }
    char quote = src.charAt(pos);
    if (quote != '"' && quote != '\'') {
      return unquoted();
    }
    for (int i = pos + 1; i < src.length(); i++) {
      if (src.charAt(i) != quote || src.charAt(i - 1) == '\\') {
        continue;
      }
      String v = trimQuotes(src.substring(pos, i), quote);
      pos = i + 1;
      return quote == '"' ? expand(unescape(v)) : v;
    }
    throw problem(pos, "unterminated quoted value" + IGNORED);
  }

  private String unquoted() {
    int eol = pos;
    while (eol < src.length() && src.charAt(eol) != '\n' && src.charAt(eol) != '\r') {
      eol++;
    }
    String line = src.substring(pos, eol);
    pos = eol;
    int end = line.length();
    for (int i = end - 1; i > 0; i--) {
      if (line.charAt(i) == '#' && isSpace(line.charAt(i - 1))) {
        end = i;
        break;
      }
    }
    return expand(trimSpace(line.substring(0, end)));
  }

  private String expand(String v) {
    Matcher m = EXPAND.matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String s = m.group();
      String r;
      if (m.group(1) != null) {
        r = s.substring(1);
      } else if (m.group(4) != null) {
        String name = m.group(4);
        r = out.containsKey(name) ? out.get(name) : environment.apply(name);
        r = r == null ? "" : r;
      } else {
        r = s;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(r));
    }
    return m.appendTail(sb).toString();
  }

  private static String unescape(String v) {
    Matcher m = ESCAPE.matcher(v);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String r = switch (m.group().charAt(1)) {
        case 'n' -> "\n";
        case 'r' -> "\r";
        default -> m.group();
      };
      m.appendReplacement(sb, Matcher.quoteReplacement(r));
    }
    return UNESCAPE.matcher(m.appendTail(sb).toString()).replaceAll("$1");
  }

  private static String trimQuotes(String v, char q) {
    int a = 0;
    int b = v.length();
    while (b > 0 && v.charAt(b - 1) == q) {
      b--;
    }
    while (a < b && v.charAt(a) == q) {
      a++;
    }
    return v.substring(a, b);
  }

  private static String trimSpace(String v) {
    int a = 0;
    int b = v.length();
    while (a < b && isSpace(v.charAt(a))) {
      a++;
    }
    while (b > a && isSpace(v.charAt(b - 1))) {
      b--;
    }
    return v.substring(a, b);
  }

  private void skipSpace() {
    while (pos < src.length() && isSpace(src.charAt(pos))) {
      pos++;
    }
  }

  /** godotenv's isSpace: blanks but not line breaks. */
  private static boolean isSpace(char c) {
    return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xA0;
  }

  private static String shown(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  private RenderException problem(int at, String message) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < at && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new RenderException(new RenderProblem(file, line, col, "", message));
  }
}
