package dev.plumb.render.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A mapping with string keys in source order, and the position of each key. */
public record YMap(Map<String, YNode> entries, Map<String, Mark> keyMarks, Mark mark) implements YNode {
  public YMap {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    keyMarks = Collections.unmodifiableMap(new LinkedHashMap<>(keyMarks));
  }

  public Optional<YNode> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Where the key is written, or the map itself when it is not. */
  public Mark keyMark(String key) {
    return keyMarks.getOrDefault(key, mark);
  }
}
