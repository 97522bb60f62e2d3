package dev.plumb.render.sops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A sops file parsed into ordered maps, lists and leaves, one tree per document. YAML leaves keep
 * whether they were plain, because only plain scalars are typed (by go-yaml's rules).
 */
final class SopsTree {
  /** A YAML scalar before typing. */
  record Leaf(String text, boolean plain) {}

  private SopsTree() {}

  static List<Object> parse(SopsFormat format, byte[] content, String file) {
    String text = new String(content, StandardCharsets.UTF_8);
    return switch (format) {
      case YAML -> yaml(text, file);
      case JSON, BINARY -> List.of(json(text, file));
      case DOTENV -> List.of(dotenv(text, file));
    };
  }

  private static List<Object> yaml(String text, String file) {
    List<Object> docs = new ArrayList<>();
    int[] budget = {MAX_NODES};
    try {
      LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(100)
          .setCodePointLimit(16 << 20).build();
      for (Node n : new Compose(settings).composeAllFromString(text)) {
        if (!(n instanceof MappingNode)) {
          throw new SopsException(file + ": YAML documents that are sequences or scalars are not supported");
        }
        docs.add(convert(n, file, 0, budget));
      }
    } catch (YamlEngineException e) {
      throw new SopsException(file + ": not valid YAML: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      // the composer recurses per nesting level; render reads YAML without recursion and says where
      throw new SopsException(file + ": YAML nesting is too deep", e);
    }
    return docs;
  }

  /** Aliases are shared nodes: a few can expand to billions (an alias bomb). Count what is built. */
  private static final int MAX_NODES = 200_000;

  private static Object convert(Node n, String file, int depth, int[] budget) {
    if (depth > 200) {
      throw new SopsException(file + ": YAML nesting is deeper than 200 levels");
    }
    if (--budget[0] < 0) {
      throw new SopsException(file + ": YAML expands to more than " + MAX_NODES + " nodes (aliases)");
    }
    if (n instanceof ScalarNode s) {
      return new Leaf(s.getValue(), s.getScalarStyle() == ScalarStyle.PLAIN);
    }
    if (n instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      for (Node c : seq.getValue()) {
        out.add(convert(c, file, depth + 1, budget));
      }
      return out;
    }
    MappingNode m = (MappingNode) n;
    Map<String, Object> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new SopsException(file + ": tree contains a non-string key");
      }
      if (out.containsKey(k.getValue())) {
        throw new SopsException(file + ": duplicate key '" + k.getValue() + "'");
      }
      out.put(k.getValue(), convert(t.getValueNode(), file, depth + 1, budget));
    }
    return out;
  }

  private static Object json(String text, String file) {
    try {
      JsonNode root = new ObjectMapper().readTree(text);
      if (root == null || !root.isObject()) {
        throw new SopsException(file + ": expected a JSON object");
      }
      return jsonValue(root);
    } catch (IOException e) {
      throw new SopsException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Object jsonValue(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        out.put(e.getKey(), jsonValue(e.getValue()));
      }
      return out;
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(c -> out.add(jsonValue(c)));
      return out;
    }
    if (n.isNull()) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    return n.textValue();
  }

  private static Object dotenv(String text, String file) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsException(file + ":" + lineNo + ": invalid dotenv line (no '=')");
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1).replace("\\n", "\n");
      if (key.startsWith("sops_")) {
        meta.put(key.substring(5), value);
      } else {
        out.put(key, value);
      }
    }
    if (!meta.isEmpty()) {
      out.put("sops", unflatten(meta));
    }
    return out;
  }

  /** Undoes sops' flattening of nested metadata ({@code __map_k}, {@code __list_n}). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> unflatten(Map<String, Object> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : flat.entrySet()) {
      String[] parts = e.getKey().split("__");
      Object cur = root;
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i];
        boolean last = i == parts.length - 1;
        String next = last ? null : parts[i + 1];
        Object child = last ? e.getValue()
            : next.startsWith("list_") ? new ArrayList<>() : new LinkedHashMap<String, Object>();
        if (cur instanceof Map) {
          String key = p.startsWith("map_") ? p.substring(4) : p;
          Map<String, Object> m = (Map<String, Object>) cur;
          cur = last ? m.put(key, child) : m.computeIfAbsent(key, k -> child);
        } else {
          List<Object> l = (List<Object>) cur;
          int idx = Integer.parseInt(p.substring(5));
          while (l.size() <= idx) {
            l.add(null);
          }
          if (last) {
            l.set(idx, child);
          } else if (l.get(idx) == null) {
            l.set(idx, child);
          }
          cur = l.get(idx);
        }
      }
    }
    return root;
  }
}
