package dev.plumb.plan;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between a node's live and desired config as a unified diff, with secret values
 * masked (as gitops-engine hides Secret data): a masked value shows only a short digest, so a
 * changed secret still shows as changed without being revealed.
 */
public final class Drift {
  private static final Set<String> SECRET_KEYS = Set.of("key", "token", "secret", "id", "bootstraptoken",
      "secretboxEncryptionSecret", "aescbcEncryptionSecret", "password", "passphrase", "privateKey",
      "presharedKey", "auth", "identityToken", "contents");

  private Drift() {}

  public static String diff(String node, byte[] live, byte[] desired) {
    String a = masked(live);
    String b = masked(desired);
    if (a.equals(b)) {
      return "";
    }
    return RebootRules.unifiedDiff(a, b).replaceFirst("^--- a\n\\+\\+\\+ b", "--- " + node + " (live)\n+++ " + node + " (desired)");
  }

  /** The config re-encoded canonically with every secret value replaced by its short digest. */
  @SuppressWarnings("unchecked")
  public static String masked(byte[] config) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try {
      for (YNode n : YamlReader.readAll("config", new String(config, StandardCharsets.UTF_8))) {
        if (YValues.toJava(n) instanceof Map<?, ?> m) {
          docs.add((Map<String, Object>) mask(m, ""));
        }
      }
    } catch (RenderException e) {
      return "<unreadable config>\n";
    }
    return new String(CanonicalYaml.encode(docs), StandardCharsets.UTF_8);
  }

  private static Object mask(Object v, String key) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), mask(x, String.valueOf(k))));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(mask(x, key)));
      return out;
    }
    if (v != null && SECRET_KEYS.contains(key) && !String.valueOf(v).isEmpty()) {
      String sha = CanonicalYaml.sha256(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
      return "<secret " + sha.substring(0, 8) + ">";
    }
    return v;
  }
}
