package dev.plumb.render.yaml;

import java.util.List;

/** A sequence. */
public record YList(List<YNode> items, Mark mark) implements YNode {
  public YList {
    items = List.copyOf(items);
  }
}
