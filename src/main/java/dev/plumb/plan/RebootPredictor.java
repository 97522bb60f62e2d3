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
  @Override
  public boolean needsReboot(NodeConfig desired, NodeLive live) {
    Map<String, Object> want = v1alpha1(desired.config().reveal());
    Map<String, Object> have = v1alpha1(live.config().reveal());
    if (want == null || have == null) {
      return true;
    }
    return RebootRules.rebootReason(have, want).isPresent();
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
