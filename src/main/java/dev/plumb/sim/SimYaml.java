package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes config documents as a node's encoder would, without comments: block style, four-space
 * indent, keys sorted, documents joined by {@code ---}. How a string (key or value) is written is
 * the caller's: always quoted for a re-encoded config, quoted only when needed in a diff.
 */
final class SimYaml {
  private SimYaml() {}

  static String write(List<JsonNode> docs, UnaryOperator<String> text) {
    StringBuilder out = new StringBuilder();
    for (JsonNode doc : docs) {
      if (!out.isEmpty()) {
        out.append("---\n");
      }
      mapping(doc, 0, out, text);
    }
    return out.toString();
  }

  private static void mapping(JsonNode map, int indent, StringBuilder out, UnaryOperator<String> text) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    keys.sort(null);
    for (String key : keys) {
      out.append(" ".repeat(indent)).append(text.apply(key)).append(':');
      value(map.get(key), indent, out, text);
    }
  }

  private static void value(JsonNode v, int indent, StringBuilder out, UnaryOperator<String> text) {
    if (v.isObject() && v.size() > 0) {
      out.append('\n');
      mapping(v, indent + 4, out, text);
    } else if (v.isArray() && v.size() > 0) {
      out.append('\n');
      for (JsonNode item : v) {
        out.append(" ".repeat(indent + 4)).append('-');
        if (item.isObject() && item.size() > 0) {
          StringBuilder nested = new StringBuilder();
          mapping(item, indent + 6, nested, text);
          out.append(' ').append(nested.substring(indent + 6));
        } else {
          value(item, indent + 4, out, text);
        }
      }
    } else {
      out.append(' ').append(v.isObject() ? "{}" : v.isArray() ? "[]" : v.isTextual() ? text.apply(v.asText())
          : v.isNull() ? "null" : v.asText()).append('\n');
    }
  }
}
