package dev.plumb.render.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The order go-yaml gives map keys when it marshals a Go map (yaml.v3/v4 {@code keyList.Less}): a
 * natural order in which runs of digits compare as numbers and letters sort before other characters,
 * so {@code eth2} comes before {@code eth10}. Talos's encoder marshals maps and free-form objects
 * (Unstructured) this way.
 */
public final class KeyOrder {
  private KeyOrder() {}

  /** The keys sorted as go-yaml sorts them. */
  public static List<String> sorted(Collection<String> keys) {
    List<String> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      int i = out.size();
      while (i > 0 && less(k, out.get(i - 1))) {
        i--;
      }
      out.add(i, k);
    }
    return out;
  }

  /** go-yaml's keyList.Less for two string keys. */
  static boolean less(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    boolean digits = false;
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        digits = Character.isDigit(ar[i]);
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return digits ? al : bl;
      }
      return numberLess(ar, br, i);
    }
    return ar.length < br.length;
  }

  private static boolean numberLess(int[] ar, int[] br, int i) {
    long an = 0;
    long bn = 0;
    if (ar[i] == '0' || br[i] == '0') {
      for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
        if (ar[j] != '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    int ai = i;
    for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
      an = an * 10 + (ar[ai] - '0');
    }
    int bi = i;
    for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
      bn = bn * 10 + (br[bi] - '0');
    }
    if (an != bn) {
      return an < bn;
    }
    if (ai != bi) {
      return ai < bi;
    }
    return ar[i] < br[i];
  }
}
