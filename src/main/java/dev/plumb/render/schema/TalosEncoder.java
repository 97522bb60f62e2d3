package dev.plumb.render.schema;

import dev.plumb.render.schema.Shape.Kind;
import dev.plumb.render.schema.YamlTree.Entry;
import dev.plumb.render.schema.YamlTree.Mapping;
import dev.plumb.render.schema.YamlTree.Node;
import dev.plumb.render.schema.YamlTree.Scalar;
import dev.plumb.render.schema.YamlTree.Sequence;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes machine-config documents byte for byte as {@code talhelper genconfig} does: each document as
 * Talos's encoder marshals its Go struct (fields in struct order, omitempty zero values left out, the
 * zero values of other fields written, maps and free-form objects with sorted keys, values typed by
 * the field: {@code extraArgs: {x: true}} becomes {@code "true"}, a FileMode {@code 0o644}), then
 * re-encoded by yaml.v3 at indent 2 ({@link YamlWriter}); documents joined by {@code ---}.
 * Documents of no known kind keep their key order.
 */
public final class TalosEncoder {
  private static final Set<String> TRUES = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
  private static final Set<String> FALSES = Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF");

  private final TalosSchema schema;

  public TalosEncoder(TalosSchema schema) {
    this.schema = schema;
  }

  /** The bytes of a multi-document config. */
  public byte[] encode(List<Map<String, Object>> docs) {
    StringBuilder sb = new StringBuilder(4096);
    YamlWriter w = new YamlWriter(sb);
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        sb.append("---\n");
      }
      w.document(document(docs.get(i)));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The typed tree of one document. */
  public Node document(Map<String, Object> doc) {
    return schema.document(doc).map(s -> struct(doc, s)).orElseGet(() -> generic(doc, false));
  }

  private Node value(Object v, Shape shape) {
    if (v == null) {
      return nullValue(shape);
    }
    return switch (shape.kind()) {
      case STRUCT -> v instanceof Map<?, ?> m ? struct(m, shape) : generic(v, true);
      case MAP -> v instanceof Map<?, ?> m ? map(m, shape.element()) : generic(v, true);
      case LIST -> v instanceof List<?> l ? list(l, shape.element()) : generic(v, true);
      case STRING -> isScalar(v) ? ScalarStyle.string(text(v), false) : generic(v, true);
      case INTEGER, FREEFORM -> generic(v, true);
      case BOOLEAN -> generic(toBoolean(v), true);
      case FILE_MODE -> fileMode(v);
      case ANY -> shape.scalarsAsStrings() && isScalar(v) ? ScalarStyle.string(text(v), false)
          : shape.scalarsAsStrings() && v instanceof List<?> l ? list(l, Shape.scalar(Kind.STRING))
          : generic(v, true);
    };
  }

  private Node struct(Map<?, ?> m, Shape shape) {
    List<Entry> entries = new ArrayList<>();
    List<String> order = shape.fieldOrder();
    for (String f : order) {
      Shape fs = shape.field(f);
      if (fs == null) {
        continue;
      }
      if (m.containsKey(f)) {
        Object v = m.get(f);
        if (!omitted(shape, f, fs, v)) {
          entries.add(new Entry(key(f), value(v, fs)));
        }
      } else if (shape.tagsKnown() && shape.always(f)) {
        Node zero = GoStructs.VALUE_STRUCTS.contains(shape.def() + "." + f) ? struct(Map.of(), fs) : zero(fs);
        if (zero != null) {
          entries.add(new Entry(key(f), zero));
        }
      }
    }
    List<String> unknown = new ArrayList<>();
    for (Object k : m.keySet()) {
      String ks = String.valueOf(k);
      if (shape.field(ks) == null) {
        unknown.add(ks);
      }
    }
    for (String k : KeyOrder.sorted(unknown)) {
      entries.add(new Entry(key(k), generic(m.get(k), true)));
    }
    return new Mapping(entries);
  }

  // omitempty as yaml.Marshal applies it: zero scalars, empty slices and maps; a non-nil pointer stays
  private static boolean omitted(Shape parent, String field, Shape fs, Object v) {
    if (!parent.tagsKnown() || parent.always(field)) {
      return false;
    }
    if (v == null) {
      return true;
    }
    if (v instanceof String s) {
      return s.isEmpty() && fs.kind() != Kind.BOOLEAN;
    }
    if (v instanceof List<?> l) {
      return l.isEmpty();
    }
    if (v instanceof Map<?, ?> mm) {
      return mm.isEmpty() && fs.kind() != Kind.STRUCT;
    }
    if (v instanceof Number n) {
      return fs.kind() == Kind.INTEGER && n.doubleValue() == 0 && !"v1alpha1.NetworkKubeSpan".equals(parent.def());
    }
    if (v instanceof Boolean b) {
      return !b && GoStructs.VALUE_BOOLS.contains(parent.def() + "." + field);
    }
    return false;
  }

  // null decoded into a Go value is its zero value; only pointers (structs, *bool) stay null
  private static Node nullValue(Shape shape) {
    Node zero = shape.kind() == Kind.STRUCT || shape.kind() == Kind.BOOLEAN ? null : zero(shape);
    return zero != null ? zero : ScalarStyle.plain("null");
  }

  private static Node zero(Shape fs) {
    return switch (fs.kind()) {
      case STRING -> ScalarStyle.string("", false);
      case INTEGER -> ScalarStyle.plain("0");
      case FILE_MODE -> ScalarStyle.plain("0o0");
      case LIST -> new Sequence(List.of());
      case MAP, FREEFORM -> new Mapping(List.of());
      default -> null;
    };
  }

  private Node map(Map<?, ?> m, Shape element) {
    List<String> keys = new ArrayList<>();
    m.keySet().forEach(k -> keys.add(String.valueOf(k)));
    List<Entry> entries = new ArrayList<>();
    for (String k : KeyOrder.sorted(keys)) {
      entries.add(new Entry(key(k), value(m.get(k), element)));
    }
    return new Mapping(entries);
  }

  private Node list(List<?> l, Shape element) {
    List<Node> items = new ArrayList<>(l.size());
    l.forEach(v -> items.add(value(v, element)));
    return new Sequence(items);
  }

  /** Values with no schema: maps sorted (free-form objects) or in their own order (unknown documents). */
  private Node generic(Object v, boolean sortKeys) {
    if (v instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>();
      m.keySet().forEach(k -> keys.add(String.valueOf(k)));
      List<Entry> entries = new ArrayList<>();
      for (String k : sortKeys ? KeyOrder.sorted(keys) : keys) {
        entries.add(new Entry(key(k), generic(m.get(k), sortKeys)));
      }
      return new Mapping(entries);
    }
    if (v instanceof List<?> l) {
      List<Node> items = new ArrayList<>(l.size());
      l.forEach(i -> items.add(generic(i, sortKeys)));
      return new Sequence(items);
    }
    if (v instanceof String s) {
      return ScalarStyle.string(s, false);
    }
    return v == null ? ScalarStyle.plain("null") : ScalarStyle.plain(text(v));
  }

  private static Node fileMode(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      return ScalarStyle.plain("0o" + new BigInteger(String.valueOf(v)).toString(8));
    }
    return v instanceof String s ? ScalarStyle.string(s, false) : ScalarStyle.plain(text(v));
  }

  // yaml.v3 decodes y/yes/on/n/no/off (any quoting) into a Go bool field
  private static Object toBoolean(Object v) {
    if (v instanceof String s) {
      if (TRUES.contains(s)) {
        return Boolean.TRUE;
      }
      if (FALSES.contains(s)) {
        return Boolean.FALSE;
      }
    }
    return v;
  }

  private static Scalar key(String k) {
    return ScalarStyle.string(k, true);
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  /** The text Go gives a scalar: strconv forms for numbers, true/false. */
  static String text(Object v) {
    if (v instanceof Double d) {
      return ScalarStyle.goFloat(d);
    }
    if (v instanceof Float f) {
      return ScalarStyle.goFloat(f.doubleValue());
    }
    return String.valueOf(v);
  }
}
