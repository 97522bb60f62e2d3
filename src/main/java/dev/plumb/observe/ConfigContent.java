package dev.plumb.observe;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of a machine config as Talos holds it, whoever wrote the bytes. A node may answer
 * with its config re-encoded (after {@code talosctl edit}/{@code patch}, Talos's encoder writes
 * fields in its own order, quotes differently and drops comments), so plumb compares content, not
 * bytes: documents are a set (Talos keys them by kind and name, container.New), mapping keys have
 * no order, a quoted and a plain scalar of the same type are the same value, and a null or empty
 * value is the same as none (Go decodes all three to the zero value). Values keep their YAML type.
 */
public final class ConfigContent {
  private ConfigContent() {}

  /** A digest equal for two configs exactly when their content is equal; empty when unreadable. */
  public static String digest(byte[] config) {
    List<Object> docs = new ArrayList<>();
    try {
      for (YNode n : YamlReader.readAll("config", new String(config, StandardCharsets.UTF_8))) {
        Object v = normal(YValues.toJava(n));
        if (v != null) {
          docs.add(v);
        }
      }
    } catch (RenderException e) {
      return "";
    }
    docs.sort(Comparator.comparing(ConfigContent::documentKey));
    List<Map<String, Object>> maps = new ArrayList<>();
    for (Object d : docs) {
      maps.add(d instanceof Map<?, ?> m ? cast(m) : Map.of("", d));
    }
    return CanonicalYaml.sha256(CanonicalYaml.encode(maps));
  }

  /** Whether the two configs hold the same content (unreadable bytes equal nothing). */
  public static boolean same(byte[] a, byte[] b) {
    String da = digest(a);
    return !da.isEmpty() && da.equals(digest(b));
  }

  /** The v1alpha1 document first, then the others by apiVersion, kind and name. */
  private static String documentKey(Object doc) {
    if (!(doc instanceof Map<?, ?> m) || !m.containsKey("kind")) {
      return "";
    }
    return "1/" + m.get("apiVersion") + "/" + m.get("kind") + "/" + (m.containsKey("name") ? m.get("name") : "");
  }

  private static Object normal(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> {
        Object n = normal(x);
        if (n != null) {
          out.put(String.valueOf(k), n);
        }
      });
      return out.isEmpty() ? null : out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normal(x)));
      return out.isEmpty() ? null : out;
    }
    if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
      return new java.math.BigInteger(n.toString());
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
