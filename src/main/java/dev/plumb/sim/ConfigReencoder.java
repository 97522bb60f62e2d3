package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A config written again by another encoder, as a node returns it after {@code talosctl edit} or
 * {@code patch} (the client decodes, changes and re-encodes the whole config): the same documents
 * and values, in other bytes. The v1alpha1 document comes first (container.encodeToBuf writes it
 * first), the keys of every mapping are sorted, every string is double-quoted, comments are gone
 * and the indent is four spaces, so that nothing but the content is left as it was.
 */
final class ConfigReencoder {
  private ConfigReencoder() {}

  static byte[] reencode(byte[] config) {
    List<YamlTree.Doc> docs = YamlTree.parse(new String(config, StandardCharsets.UTF_8));
    List<JsonNode> ordered = new ArrayList<>();
    docs.stream().map(YamlTree.Doc::body).filter(b -> b.isObject() && !b.has("kind")).forEach(ordered::add);
    docs.stream().map(YamlTree.Doc::body).filter(b -> b.isObject() && b.has("kind")).forEach(ordered::add);
    StringBuilder out = new StringBuilder();
    for (JsonNode doc : ordered) {
      if (!out.isEmpty()) {
        out.append("---\n");
      }
      mapping(doc, 0, out);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void mapping(JsonNode map, int indent, StringBuilder out) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    keys.sort(null);
    for (String key : keys) {
      out.append(" ".repeat(indent)).append(quote(key)).append(':');
      value(map.get(key), indent, out);
    }
  }

  private static void value(JsonNode v, int indent, StringBuilder out) {
    if (v.isObject() && v.size() > 0) {
      out.append('\n');
      mapping(v, indent + 4, out);
    } else if (v.isArray() && v.size() > 0) {
      out.append('\n');
      for (JsonNode item : v) {
        out.append(" ".repeat(indent + 4)).append('-');
        if (item.isObject() && item.size() > 0) {
          StringBuilder nested = new StringBuilder();
          mapping(item, indent + 6, nested);
          out.append(' ').append(nested.substring(indent + 6));
        } else {
          value(item, indent + 4, out);
        }
      }
    } else {
      out.append(' ').append(scalar(v)).append('\n');
    }
  }

  private static String scalar(JsonNode v) {
    if (v.isObject()) {
      return "{}";
    }
    if (v.isArray()) {
      return "[]";
    }
    if (v.isNull()) {
      return "null";
    }
    return v.isTextual() ? quote(v.asText()) : v.asText();
  }

  /** A YAML double-quoted scalar; JSON's string escapes are valid YAML escapes. */
  private static String quote(String s) {
    return new TextNode(s).toString();
  }
}
