package dev.plumb.render.schema;

import java.util.List;

/** The typed YAML tree the encoder builds before writing: mappings in output order, sequences, styled scalars. */
public final class YamlTree {
  private YamlTree() {}

  /** How a scalar is written (go-yaml's scalar styles). */
  public enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

  /** One node. */
  public sealed interface Node permits Mapping, Sequence, Scalar {}

  /** A mapping, entries in the order they are written. */
  public record Mapping(List<Entry> entries) implements Node {}

  /** A mapping entry. */
  public record Entry(Scalar key, Node value) {}

  /** A sequence. */
  public record Sequence(List<Node> items) implements Node {}

  /** A scalar's text (unescaped) and the style it is written in. */
  public record Scalar(String text, Style style) implements Node {}
}
