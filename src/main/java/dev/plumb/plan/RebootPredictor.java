package dev.plumb.plan;

import dev.plumb.observe.NodeLive;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Predicts the reboot by Talos's rule on the v1alpha1 documents of the live and desired configs. */
public final class RebootPredictor implements ConfigComparer {
  /** Parsed v1alpha1 documents by the digest of their config bytes. */
  private final Map<String, Map<String, Object>> parsed = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> e) {
          return size() > 2048;
        }
      });

  @Override
  public boolean needsReboot(NodeConfig desired, NodeLive live) {
    Map<String, Object> want = cached(desired.config().reveal());
    Map<String, Object> have = cached(live.config().reveal());
    if (want == null || have == null) {
      return true;
    }
    return RebootRules.rebootReason(have, want).isPresent();
  }

  private Map<String, Object> cached(byte[] bytes) {
    String key = dev.plumb.render.CanonicalYaml.sha256(bytes);
    Map<String, Object> m = parsed.get(key);
    if (m == null) {
      m = v1alpha1(bytes);
      if (m != null) {
        parsed.put(key, m);
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> v1alpha1(byte[] bytes) {
    try {
      for (YNode n : YamlReader.readAll("config", new String(bytes, StandardCharsets.UTF_8))) {
        Object v = YValues.toJava(n);
        if (v instanceof Map<?, ?> m && !m.containsKey("kind")) {
          return (Map<String, Object>) m;
        }
      }
    } catch (RenderException e) {
      return null;
    }
    return null;
  }
}
