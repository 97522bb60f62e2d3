package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A YAML stream as a simulated node reads it: each document as a JSON tree (scalars resolved by the
 * YAML 1.2 core schema, as go-yaml v3 resolves them) with the source line of every value, so that
 * errors can name lines as Talos's decoder does.
 */
final class YamlTree {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One document: its JSON tree, its first line, the line of each value by JSON pointer, its YAML tags. */
  record Doc(JsonNode body, int line, Map<String, Integer> lines, Map<String, String> tags) {
    int lineOf(String pointer) {
      return lines.getOrDefault(pointer, line);
    }

    String tagOf(String pointer) {
      return tags.getOrDefault(pointer, "str");
    }
  }

  private YamlTree() {}

  /** Every document of the stream; a document that holds nothing is returned with a null body. */
  static List<Doc> parse(String text) {
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema())
        .setMaxAliasesForCollections(50).setCodePointLimit(8 << 20).build();
    Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
    List<Doc> docs = new ArrayList<>();
    while (composer.hasNext()) {
      Node root = composer.next();
      Map<String, Integer> lines = new HashMap<>();
      Map<String, String> tags = new HashMap<>();
      JsonNode body = convert(root, "", lines, tags, 0);
      docs.add(new Doc(body, line(root), lines, tags));
    }
    return docs;
  }

  static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
  }

  private static JsonNode convert(Node n, String ptr, Map<String, Integer> lines, Map<String, String> tags,
      int depth) {
    if (depth > 512) {
      throw new IllegalArgumentException("yaml: exceeded max depth of 512");
    }
    lines.put(ptr, line(n));
    if (n instanceof MappingNode m) {
      tags.put(ptr, "map");
      ObjectNode o = F.objectNode();
      for (NodeTuple t : m.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
        if (o.has(key)) {
          throw new IllegalArgumentException("yaml: line " + line(t.getKeyNode()) + ": mapping key \"" + key
              + "\" already defined at line " + lines.get(ptr + "/" + escape(key)));
        }
        String child = ptr + "/" + escape(key);
        o.set(key, convert(t.getValueNode(), child, lines, tags, depth + 1));
      }
      return o;
    }
    if (n instanceof SequenceNode s) {
      tags.put(ptr, "seq");
      ArrayNode a = F.arrayNode();
      List<Node> items = s.getValue();
      for (int i = 0; i < items.size(); i++) {
        a.add(convert(items.get(i), ptr + "/" + i, lines, tags, depth + 1));
      }
      return a;
    }
    ScalarNode sc = (ScalarNode) n;
    Tag tag = sc.getTag();
    tags.put(ptr, tag.equals(Tag.INT) ? "int" : tag.equals(Tag.FLOAT) ? "float" : tag.equals(Tag.BOOL) ? "bool"
        : tag.equals(Tag.NULL) ? "null" : "str");
    return scalar(sc.getValue(), tag);
  }

  private static JsonNode scalar(String v, Tag tag) {
    if (tag.equals(Tag.NULL)) {
      return F.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return F.booleanNode(v.toLowerCase(Locale.ROOT).equals("true"));
    }
    if (tag.equals(Tag.INT)) {
      return F.numberNode(integer(v));
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return F.numberNode(Double.parseDouble(v));
      } catch (NumberFormatException e) {
        return F.textNode(v); // .inf and .nan: no JSON number holds them
      }
    }
    return F.textNode(v);
  }

  private static BigInteger integer(String v) {
    String s = v.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    BigInteger b = s.startsWith("0o") ? new BigInteger(s.substring(2), 8)
        : s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
    return negative ? b.negate() : b;
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
