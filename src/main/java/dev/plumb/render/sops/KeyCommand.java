package dev.plumb.render.sops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a key command ({@code SOPS_AGE_KEY_CMD}, {@code SOPS_AGE_SSH_PRIVATE_KEY_CMD}, or one the
 * daemon config names) and returns what it printed. An interface so that rendering never starts
 * processes on its own: the composition root hands in {@link ProcessKeyCommand}.
 */
public interface KeyCommand {
  /**
   * Runs {@code argv} (no shell) with exactly {@code env} as its environment, stdin empty, for at
   * most {@code timeout}.
   */
  Result run(List<String> argv, Map<String, String> env, Duration timeout);

  /**
   * What a command did. stdout holds keys, so it is {@link Sensitive}; {@code stderrExcerpt} is at
   * most one shortened line with anything key-like removed.
   */
  record Result(int exit, boolean timedOut, Sensitive<byte[]> stdout, String stderrExcerpt) {}

  /** A command that refuses to run: for callers that must not start processes. */
  KeyCommand NONE = (argv, env, timeout) -> {
    throw new SopsException("key commands are not available here");
  };

  /**
   * Splits a command line into words as sops does (google/shlex, no shell): whitespace separates,
   * single quotes are literal, double quotes group, a backslash escapes the next character, and
   * {@code #} at the start of a word begins a comment.
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\\' && i + 1 < line.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(++i));
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else if (c == '#' && word == null) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        if (c == '\'' || c == '"') {
          quote = c;
        } else {
          word.append(c);
        }
      }
    }
    if (quote != 0) {
      throw new SopsException("unterminated " + (quote == '"' ? "double" : "single") + " quote in the command");
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }
}
