package dev.plumb.render.schema;

import dev.plumb.render.schema.YamlTree.Entry;
import dev.plumb.render.schema.YamlTree.Mapping;
import dev.plumb.render.schema.YamlTree.Node;
import dev.plumb.render.schema.YamlTree.Scalar;
import dev.plumb.render.schema.YamlTree.Sequence;
import dev.plumb.render.schema.YamlTree.Style;
import dev.plumb.render.yaml.GoYamlAnalysis;

/**
 * Writes a {@link YamlTree} as gopkg.in/yaml.v3's emitter does with {@code SetIndent(2)} (talhelper's
 * re-encode, pkg/talos/encode.go): block style, two-space indent, sequences indented under their key
 * ({@code key:\n  - item}), empty collections as {@code []} and {@code {}}, no line folding (yaml.v3
 * sets an unlimited width), literal blocks indented two past their parent with go-yaml's chomping
 * and indentation indicators.
 */
final class YamlWriter {
  private static final int INDENT = 2;
  private final StringBuilder out;

  YamlWriter(StringBuilder out) {
    this.out = out;
  }

  /** One document, ending with a newline. */
  void document(Node root) {
    if (root instanceof Mapping m && !m.entries().isEmpty()) {
      mapping(m, 0, false);
    } else if (root instanceof Sequence s && !s.items().isEmpty()) {
      sequence(s, 0, false);
    } else if (root instanceof Scalar s) {
      scalar(s, INDENT);
      out.append('\n');
    } else {
      out.append(root instanceof Mapping ? "{}\n" : "[]\n");
    }
  }

  private void mapping(Mapping m, int indent, boolean inline) {
    boolean first = true;
    for (Entry e : m.entries()) {
      if (!(first && inline)) {
        pad(indent);
      }
      first = false;
      scalar(e.key(), indent);
      out.append(':');
      afterIndicator(e.value(), indent, true);
    }
  }

  private void sequence(Sequence s, int indent, boolean inline) {
    boolean first = true;
    for (Node item : s.items()) {
      if (!(first && inline)) {
        pad(indent);
      }
      first = false;
      out.append('-');
      afterIndicator(item, indent, false);
    }
  }

  // the value after "key:" or "-": nested collections go below (a mapping value) or inline (a sequence item)
  private void afterIndicator(Node value, int indent, boolean mappingValue) {
    if (value instanceof Scalar s) {
      out.append(' ');
      scalar(s, indent + INDENT);
      if (s.style() != Style.LITERAL || !s.text().endsWith("\n")) {
        out.append('\n');
      }
    } else if (value instanceof Mapping m) {
      if (m.entries().isEmpty()) {
        out.append(" {}\n");
      } else if (mappingValue) {
        out.append('\n');
        mapping(m, indent + INDENT, false);
      } else {
        out.append(' ');
        mapping(m, indent + INDENT, true);
      }
    } else if (value instanceof Sequence q) {
      if (q.items().isEmpty()) {
        out.append(" []\n");
      } else if (mappingValue) {
        out.append('\n');
        sequence(q, indent + INDENT, false);
      } else {
        out.append(' ');
        sequence(q, indent + INDENT, true);
      }
    }
  }

  private void scalar(Scalar s, int contentIndent) {
    switch (s.style()) {
      case PLAIN -> out.append(s.text());
      case SINGLE -> out.append('\'').append(s.text().replace("'", "''")).append('\'');
      case DOUBLE -> doubleQuoted(s.text());
      case LITERAL -> literal(s.text(), contentIndent);
      default -> throw new IllegalStateException();
    }
  }

  private void literal(String text, int indent) {
    out.append('|');
    if (text.startsWith(" ") || text.startsWith("\n")) {
      out.append((char) ('0' + INDENT));
    }
    out.append(chomp(text));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0 || !lines[i].isEmpty()) {
        out.append('\n');
      }
      if (!lines[i].isEmpty()) {
        pad(indent);
        out.append(lines[i]);
      }
    }
  }

  // yaml_emitter_write_block_scalar_hints: strip without a final break, keep with two (or only one)
  private static String chomp(String text) {
    if (!text.endsWith("\n")) {
      return "-";
    }
    if (text.length() == 1 || text.endsWith("\n\n")) {
      return "+";
    }
    return "";
  }

  private void doubleQuoted(String text) {
    out.append('"');
    text.codePoints().forEach(c -> {
      if (GoYamlAnalysis.printable(c) && !GoYamlAnalysis.isBreak(c) && c != '"' && c != '\\') {
        out.appendCodePoint(c);
      } else {
        out.append('\\').append(escape(c));
      }
    });
    out.append('"');
  }

  private static String escape(int c) {
    return switch (c) {
      case 0 -> "0";
      case 0x07 -> "a";
      case 0x08 -> "b";
      case 0x09 -> "t";
      case 0x0A -> "n";
      case 0x0B -> "v";
      case 0x0C -> "f";
      case 0x0D -> "r";
      case 0x1B -> "e";
      case 0x22 -> "\"";
      case 0x5C -> "\\";
      case 0x85 -> "N";
      case 0xA0 -> "_";
      case 0x2028 -> "L";
      case 0x2029 -> "P";
      default -> c <= 0xFF ? String.format("x%02X", c) : c <= 0xFFFF ? String.format("u%04X", c)
          : String.format("U%08X", c);
    };
  }

  private void pad(int n) {
    out.append(" ".repeat(n));
  }
}
