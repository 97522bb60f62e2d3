package dev.plumb.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A shortest line edit script between two texts, for {@link TalosConfigDiff}: each element is the
 * kind ({@code ' '}, {@code '-'} or {@code '+'}) followed by the line's characters. Computed over
 * the longest common subsequence of lines after trimming the common head and tail, which keeps
 * the table small for configs that differ in a few lines.
 */
final class LineEdits {
  private LineEdits() {}

  static List<char[]> compute(List<String> a, List<String> b) {
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<char[]> out = new ArrayList<>();
    a.subList(0, head).forEach(l -> out.add(op(' ', l)));
    out.addAll(middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail)));
    a.subList(a.size() - tail, a.size()).forEach(l -> out.add(op(' ', l)));
    return out;
  }

  private static List<char[]> middle(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<char[]> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        out.add(op(' ', a.get(i++)));
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.add(op('+', b.get(j++)));
      } else {
        out.add(op('-', a.get(i++)));
      }
    }
    return fixOrder(out);
  }

  /** Deletions before insertions inside a run of changes, as unified diffs print them. */
  private static List<char[]> fixOrder(List<char[]> ops) {
    List<char[]> out = new ArrayList<>();
    List<char[]> adds = new ArrayList<>();
    for (char[] o : ops) {
      if (o[0] == '+') {
        adds.add(o);
      } else if (o[0] == '-') {
        out.add(o);
      } else {
        out.addAll(adds);
        adds.clear();
        out.add(o);
      }
    }
    out.addAll(adds);
    return Collections.unmodifiableList(out);
  }

  private static char[] op(char kind, String line) {
    char[] c = new char[line.length() + 1];
    c[0] = kind;
    line.getChars(0, line.length(), c, 1);
    return c;
  }
}
