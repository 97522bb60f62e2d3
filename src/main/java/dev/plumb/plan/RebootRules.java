package dev.plumb.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talos's CanApplyImmediate (talos-api.md §4.2): only the v1alpha1 document counts; fields that
 * can change live are copied from the current config into the new one, and any difference left
 * means a reboot is needed.
 */
public final class RebootRules {
  private static final List<String> TOP_LEVEL = List.of("debug", "cluster");
  private static final List<String> MACHINE = List.of("ca", "acceptedCAs", "time", "certSANs",
      "install", "network", "sysfs", "sysctls", "logging", "controlPlane", "kubelet", "kernel",
      "registries", "pods", "seccompProfiles", "nodeAnnotations", "nodeLabels", "nodeTaints");
  private static final List<String> FEATURES = List.of("kubernetesTalosAPIAccess", "kubePrism",
      "hostDNS", "imageCache", "nodeAddressSortAlgorithm");

  private RebootRules() {}

  /**
   * Empty when the change of the v1alpha1 document can be applied without a reboot; otherwise the
   * reason with a diff, in Talos's words.
   */
  public static Optional<String> rebootReason(Map<String, Object> currentV1alpha1, Map<String, Object> nextV1alpha1) {
    Map<String, Object> cur = deepCopy(currentV1alpha1);
    Map<String, Object> nxt = deepCopy(nextV1alpha1);
    for (String k : TOP_LEVEL) {
      copy(cur, nxt, k);
    }
    Map<String, Object> curMachine = child(cur, "machine");
    Map<String, Object> nxtMachine = child(nxt, "machine");
    if (curMachine != null && nxtMachine != null) {
      for (String k : MACHINE) {
        copy(curMachine, nxtMachine, k);
      }
      Map<String, Object> cf = child(curMachine, "features");
      Map<String, Object> nf = child(nxtMachine, "features");
      if (cf != null && nf != null) {
        for (String k : FEATURES) {
          copy(cf, nf, k);
        }
      }
    }
    if (cur.equals(nxt)) {
      return Optional.empty();
    }
    return Optional.of("this config change can't be applied in immediate mode\ndiff:\n"
        + unifiedDiff(yaml(cur), yaml(nxt)));
  }

  /** A unified diff with {@code --- a} / {@code +++ b} headers, as Talos's textdiff prints. */
  public static String unifiedDiff(String a, String b) {
    List<String> left = Arrays.asList(a.split("\n", -1));
    List<String> right = Arrays.asList(b.split("\n", -1));
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff("a", "b", left,
        DiffUtils.diff(left, right), 3);
    return String.join("\n", lines) + "\n";
  }

  private static String yaml(Map<String, Object> doc) {
    return new org.snakeyaml.engine.v2.api.Dump(org.snakeyaml.engine.v2.api.DumpSettings.builder()
        .setDefaultFlowStyle(org.snakeyaml.engine.v2.common.FlowStyle.BLOCK).build()).dumpToString(doc);
  }

  private static void copy(Map<String, Object> from, Map<String, Object> to, String key) {
    if (from.containsKey(key)) {
      to.put(key, from.get(key));
    } else {
      to.remove(key);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> m, String key) {
    Object o = m.get(key);
    return o instanceof Map ? (Map<String, Object>) o : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      out.put(e.getKey(), v instanceof Map ? deepCopy((Map<String, Object>) v) : v);
    }
    return out;
  }
}
