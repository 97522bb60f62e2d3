package dev.plumb.render.yaml;

/**
 * A YAML node with where it came from. Maps keep their order and the position of each key;
 * scalars keep their source text and whether they were plain (unquoted), because Talos and
 * talhelper type plain scalars by Go's rules, not YAML 1.1's.
 */
public sealed interface YNode permits YMap, YList, YScalar {
  Mark mark();

  /** Where a node starts: file (tree path), line and column, 1-based. */
  record Mark(String file, int line, int column) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }
}
