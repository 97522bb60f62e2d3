package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The config diff a node prints in a dry-run answer and in the immediate-mode refusal, modelled on
 * Talos's configdiff (siderolabs/talos, pkg/machinery/config/configdiff/configdiff.go): both typed
 * configs are encoded again without comments (so layout, key order and quoting are gone), then a
 * unified line diff with three lines of context is written as {@code --- a}, {@code +++ b} and
 * {@code @@ -l,s +l,s @@} hunks, a count of one being left out as gotextdiff does. Keys are
 * written sorted, where Talos writes them in its struct order: the lines differ from a real
 * node's, the hunks cover the same changes.
 */
final class TalosConfigDiff {
  private static final int CONTEXT = 3;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./@+~=-][A-Za-z0-9_./@+~=:,-]*");
  /** Strings go-yaml v3 quotes because they would read back as another type. */
  private static final Pattern OTHER_TYPE = Pattern.compile(
      "(?i)true|false|yes|no|on|off|y|n|null|~|[-+]?(\\.inf|\\.nan)|[-+]?[0-9][0-9_]*(\\.[0-9]*)?([eE][-+]?[0-9]+)?"
          + "|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\\.[0-9]+");

  private TalosConfigDiff() {}

  /** The dry-run text: "No changes." when both configs hold the same typed values. */
  static String dryRun(TypedConfig before, TypedConfig after) {
    if (before != null && before.normalized().equals(after.normalized())) {
      return "No changes.";
    }
    String d = diff(before == null ? List.of() : before.documents(), after.documents());
    return d.isEmpty() ? "No changes." : d;
  }

  /** The unified diff of two configs' encodings; empty when they encode the same. */
  static String diff(List<JsonNode> before, List<JsonNode> after) {
    return unified(lines(encode(before)), lines(encode(after)));
  }

  static String encode(List<JsonNode> docs) {
    return SimYaml.write(docs, TalosConfigDiff::text);
  }

  /** Double-quoted when it would read back as another type or is not plain-safe, else plain. */
  private static String text(String s) {
    return OTHER_TYPE.matcher(s).matches() ? new TextNode(s).toString() : scalar(s);
  }

  /** Plain when it reads back as the same text, else double-quoted (JSON escapes are YAML escapes). */
  private static String scalar(String s) {
    return PLAIN.matcher(s).matches() ? s : new TextNode(s).toString();
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /** Line edits by longest common subsequence, grouped into hunks with three lines of context. */
  static String unified(List<String> a, List<String> b) {
    List<char[]> ops = LineEdits.compute(a, b);
    if (ops.stream().allMatch(o -> o[0] == ' ')) {
      return "";
    }
    StringBuilder out = new StringBuilder("--- a\n+++ b\n");
    int i = 0;
    while (i < ops.size()) {
      int firstChange = i;
      while (firstChange < ops.size() && ops.get(firstChange)[0] == ' ') {
        firstChange++;
      }
      if (firstChange == ops.size()) {
        break;
      }
      int start = Math.max(i, firstChange - CONTEXT);
      int end = hunkEnd(ops, firstChange);
      hunk(ops, start, end, out);
      i = end;
    }
    return out.toString();
  }

  /** The index after a hunk: changes closer than 2 x context lines join one hunk. */
  private static int hunkEnd(List<char[]> ops, int from) {
    int end = from;
    int equalRun = 0;
    for (int k = from; k < ops.size(); k++) {
      if (ops.get(k)[0] == ' ') {
        equalRun++;
        if (equalRun > 2 * CONTEXT) {
          break;
        }
      } else {
        equalRun = 0;
        end = k + 1;
      }
    }
    return Math.min(ops.size(), end + CONTEXT);
  }

  private static void hunk(List<char[]> ops, int start, int end, StringBuilder out) {
    int fromLine = 1;
    int toLine = 1;
    for (int k = 0; k < start; k++) {
      fromLine += ops.get(k)[0] != '+' ? 1 : 0;
      toLine += ops.get(k)[0] != '-' ? 1 : 0;
    }
    int fromCount = 0;
    int toCount = 0;
    StringBuilder body = new StringBuilder();
    for (int k = start; k < end; k++) {
      char kind = ops.get(k)[0];
      fromCount += kind != '+' ? 1 : 0;
      toCount += kind != '-' ? 1 : 0;
      String line = new String(ops.get(k), 1, ops.get(k).length - 1);
      body.append(kind).append(line);
      if (!line.endsWith("\n")) {
        body.append("\n\\ No newline at end of file\n");
      }
    }
    out.append("@@ -").append(fromLine).append(fromCount > 1 ? "," + fromCount : "")
        .append(" +").append(toLine).append(toCount > 1 ? "," + toCount : "").append(" @@\n").append(body);
  }
}
