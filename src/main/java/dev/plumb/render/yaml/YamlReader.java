package dev.plumb.render.yaml;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.AnchorNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads YAML into {@link YNode}s with positions, safely: a size limit, a bound on aliases and on
 * the nodes they expand to (alias bombs), a nesting limit, duplicate keys refused, and YAML 1.1
 * merge keys ({@code <<}) resolved as Go's yaml does. Every failure is a {@link RenderProblem}.
 */
public final class YamlReader {
  public static final int MAX_DEPTH = 64;
  public static final int MAX_NODES = 200_000;
  public static final int MAX_BYTES = 1 << 20;

  private YamlReader() {}

  /** All documents of the text; {@code file} names it in problems. Empty documents are skipped. */
  public static List<YNode> readAll(String file, String text) {
    if (text.length() > MAX_BYTES) {
      throw new RenderException(new RenderProblem(file, 0, 0, "", "file is larger than " + MAX_BYTES + " bytes"));
    }
    List<YNode> docs = new ArrayList<>();
    try {
      for (Node n : new Compose(settings(false)).composeAllFromString(text)) {
        Converter c = new Converter(file);
        docs.add(c.convert(n, 0));
      }
    } catch (MarkedYamlEngineException e) {
      var m = e.getProblemMark();
      throw new RenderException(new RenderProblem(file, m.map(x -> x.getLine() + 1).orElse(0),
          m.map(x -> x.getColumn() + 1).orElse(0), "", "invalid YAML: " + e.getProblem()));
    } catch (YamlEngineException e) {
      throw new RenderException(new RenderProblem(file, 0, 0, "", "invalid YAML: " + e.getMessage()));
    }
    return docs;
  }

  /** The first document, or empty when the text has none. */
  public static Optional<YNode> read(String file, String text) {
    List<YNode> all = readAll(file, text);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * The text with every comment replaced by spaces, so that line and column numbers stay true.
   * talhelper drops comments before substituting variables; this does the same without moving
   * anything. Text that does not parse is returned unchanged (the parse error comes later).
   */
  public static String blankComments(String text) {
    StringBuilder sb = new StringBuilder(text);
    try {
      for (Event e : new Parse(settings(true)).parseString(text)) {
        if (e instanceof CommentEvent ce && ce.getStartMark().isPresent() && ce.getEndMark().isPresent()) {
          int start = ce.getStartMark().get().getIndex();
          int end = ce.getEndMark().get().getIndex();
          for (int i = start; i < end && i < sb.length(); i++) {
            if (sb.charAt(i) != '\n' && sb.charAt(i) != '\r') {
              sb.setCharAt(i, ' ');
            }
          }
        }
      }
    } catch (YamlEngineException e) {
      return text;
    }
    return sb.toString();
  }

  private static LoadSettings settings(boolean comments) {
    return LoadSettings.builder()
        .setParseComments(comments)
        .setMaxAliasesForCollections(100)
        .setAllowRecursiveKeys(false)
        .setCodePointLimit(MAX_BYTES)
        .build();
  }

  private static final class Converter {
    private final String file;
    private int nodes;

    Converter(String file) {
      this.file = file;
    }

    private YNode.Mark mark(Node n) {
      return n.getStartMark().map(m -> new YNode.Mark(file, m.getLine() + 1, m.getColumn() + 1))
          .orElse(new YNode.Mark(file, 0, 0));
    }

    private RenderException problem(Node n, String message) {
      YNode.Mark m = mark(n);
      return new RenderException(new RenderProblem(file, m.line(), m.column(), "", message));
    }

    YNode convert(Node n, int depth) {
      if (n instanceof AnchorNode a) {
        n = a.getRealNode();
      }
      if (++nodes > MAX_NODES) {
        throw problem(n, "YAML expands to more than " + MAX_NODES + " nodes (an alias bomb?)");
      }
      if (depth > MAX_DEPTH) {
        throw problem(n, "YAML is nested deeper than " + MAX_DEPTH + " levels");
      }
      if (n instanceof ScalarNode s) {
        return new YScalar(s.getValue(), s.getScalarStyle() == ScalarStyle.PLAIN, mark(n));
      }
      if (n instanceof SequenceNode seq) {
        List<YNode> items = new ArrayList<>();
        for (Node c : seq.getValue()) {
          items.add(convert(c, depth + 1));
        }
        return new YList(items, mark(n));
      }
      MappingNode m = (MappingNode) n;
      Map<String, YNode> entries = new LinkedHashMap<>();
      Map<String, YNode.Mark> keys = new LinkedHashMap<>();
      List<YMap> merges = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw problem(t.getKeyNode(), "mapping keys must be strings");
        }
        if (k.getValue().equals("<<") && k.getScalarStyle() == ScalarStyle.PLAIN) {
          YNode v = convert(t.getValueNode(), depth + 1);
          if (v instanceof YMap vm) {
            merges.add(vm);
          } else if (v instanceof YList vl && vl.items().stream().allMatch(x -> x instanceof YMap)) {
            vl.items().forEach(x -> merges.add((YMap) x));
          } else {
            throw problem(t.getValueNode(), "a merge key (<<) needs a mapping or a list of mappings");
          }
          continue;
        }
        if (entries.containsKey(k.getValue())) {
          throw problem(k, "duplicate key '" + k.getValue() + "' (first at line " + keys.get(k.getValue()).line() + ")");
        }
        entries.put(k.getValue(), convert(t.getValueNode(), depth + 1));
        keys.put(k.getValue(), mark(k));
      }
      for (YMap merged : merges) {
        for (Map.Entry<String, YNode> e : merged.entries().entrySet()) {
          if (!entries.containsKey(e.getKey())) {
            entries.put(e.getKey(), e.getValue());
            keys.put(e.getKey(), merged.keyMark(e.getKey()));
          }
        }
      }
      return new YMap(entries, keys, mark(n));
    }
  }
}
