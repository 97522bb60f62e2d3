package dev.plumb.render.yaml;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Builds {@link YNode}s from parser events with an explicit stack instead of recursion, so that
 * 10,000 levels of nesting end in a clear problem, not a StackOverflowError (snakeyaml's own
 * composer recurses once per level). It bounds depth, the nodes that aliases expand to (alias
 * bombs) and the aliases to collections, refuses duplicate keys and resolves merge keys.
 */
final class YamlComposer {
  private final String file;
  private final List<YNode> documents = new ArrayList<>();
  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Map<String, Sized> anchors = new HashMap<>();
  private long nodes;
  private int collectionAliases;

  private record Sized(YNode node, long size) {}

  /** An open collection: a list, or a map with the key waiting for its value. */
  private static final class Frame {
    final boolean map;
    final YNode.Mark mark;
    final Optional<String> anchor;
    final List<YNode> items = new ArrayList<>();
    final Map<String, YNode> entries = new LinkedHashMap<>();
    final Map<String, YNode.Mark> keys = new LinkedHashMap<>();
    final List<YMap> merges = new ArrayList<>();
    YScalar key;
    boolean keyIsMerge;
    long size = 1;

    Frame(boolean map, YNode.Mark mark, Optional<String> anchor) {
      this.map = map;
      this.mark = mark;
      this.anchor = anchor;
    }
  }

  YamlComposer(String file) {
    this.file = file;
  }

  List<YNode> documents() {
    return documents;
  }

  void accept(Event e) {
    switch (e.getEventId()) {
      case Scalar -> scalar((ScalarEvent) e);
      case Alias -> alias((AliasEvent) e);
      case SequenceStart, MappingStart -> open((CollectionStartEvent) e);
      case SequenceEnd, MappingEnd -> close();
      case DocumentStart -> anchors.clear();
      default -> { }
    }
  }

  private void scalar(ScalarEvent s) {
    YScalar node = new YScalar(s.getValue(), s.getScalarStyle() == ScalarStyle.PLAIN, mark(s));
    count(1, node);
    remember(s, node, 1);
    complete(node, 1);
  }

  private void alias(AliasEvent a) {
    String name = a.getAlias().getValue();
    Sized target = anchors.get(name);
    if (target == null) {
      throw problem(mark(a), "alias *" + name + " names no anchor defined before it (a recursive alias?)");
    }
    if (!(target.node() instanceof YScalar) && ++collectionAliases > YamlReader.MAX_ALIASES) {
      throw problem(mark(a), "more than " + YamlReader.MAX_ALIASES + " aliases to collections (an alias bomb?)");
    }
    count(target.size(), target.node());
    complete(target.node(), target.size());
  }

  private void open(CollectionStartEvent c) {
    YNode.Mark m = mark(c);
    if (stack.size() >= YamlReader.MAX_DEPTH) {
      throw problem(m, "YAML is nested deeper than " + YamlReader.MAX_DEPTH + " levels");
    }
    count(1, null);
    stack.push(new Frame(c.getEventId() == Event.ID.MappingStart, m, c.getAnchor().map(x -> x.getValue())));
  }

  private void close() {
    Frame f = stack.pop();
    YNode node;
    if (f.map) {
      for (YMap merged : f.merges) {
        merged.entries().forEach((k, v) -> {
          if (!f.entries.containsKey(k)) {
            f.entries.put(k, v);
            f.keys.put(k, merged.keyMark(k));
          }
        });
      }
      node = new YMap(f.entries, f.keys, f.mark);
    } else {
      node = new YList(f.items, f.mark);
    }
    f.anchor.ifPresent(a -> anchors.put(a, new Sized(node, f.size)));
    complete(node, f.size);
  }

  /** Hands a finished node to its parent (or to the documents). */
  private void complete(YNode node, long size) {
    Frame parent = stack.peek();
    if (parent == null) {
      documents.add(node);
      return;
    }
    parent.size += size;
    if (!parent.map) {
      parent.items.add(node);
    } else if (parent.key == null && !parent.keyIsMerge) {
      takeKey(parent, node);
    } else if (parent.keyIsMerge) {
      merge(parent, node);
    } else {
      YScalar k = parent.key;
      if (parent.keys.containsKey(k.text())) {
        throw problem(k.mark(), "duplicate key '" + k.text() + "' (first at line " + parent.keys.get(k.text()).line() + ")");
      }
      parent.entries.put(k.text(), node);
      parent.keys.put(k.text(), k.mark());
      parent.key = null;
    }
  }

  private void takeKey(Frame parent, YNode node) {
    if (!(node instanceof YScalar k)) {
      throw problem(node.mark(), "mapping keys must be strings");
    }
    if (k.plain() && k.text().equals("<<")) {
      parent.keyIsMerge = true;
    } else {
      parent.key = k;
    }
  }

  private void merge(Frame parent, YNode v) {
    parent.keyIsMerge = false;
    if (v instanceof YMap vm) {
      parent.merges.add(vm);
    } else if (v instanceof YList vl && vl.items().stream().allMatch(x -> x instanceof YMap)) {
      vl.items().forEach(x -> parent.merges.add((YMap) x));
    } else {
      throw problem(v.mark(), "a merge key (<<) needs a mapping or a list of mappings");
    }
  }

  private void remember(NodeEvent e, YNode node, long size) {
    e.getAnchor().ifPresent(a -> anchors.put(a.getValue(), new Sized(node, size)));
  }

  private void count(long n, YNode at) {
    nodes += n;
    if (nodes > YamlReader.MAX_NODES) {
      YNode.Mark m = at == null ? (stack.isEmpty() ? new YNode.Mark(file, 0, 0) : stack.peek().mark) : at.mark();
      throw problem(m, "YAML expands to more than " + YamlReader.MAX_NODES + " nodes (an alias bomb?)");
    }
  }

  private YNode.Mark mark(Event e) {
    Optional<Mark> m = e.getStartMark();
    return m.map(x -> new YNode.Mark(file, x.getLine() + 1, x.getColumn() + 1)).orElse(new YNode.Mark(file, 0, 0));
  }

  private RenderException problem(YNode.Mark m, String message) {
    return new RenderException(new RenderProblem(file, m.line(), m.column(), "", message));
  }
}
