package dev.plumb.render.yaml;

import dev.plumb.render.yaml.GoYamlWriter.Style;
import dev.plumb.render.yaml.GoYamlWriter.Styled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Re-encodes YAML the way talhelper does before it substitutes a file (decode into yaml.v3 nodes,
 * drop the comments, encode with indent 2): each scalar keeps its style, each collection its
 * block or flow style, mapping order stays, comments go. Aliases are written out in full (yaml.v3
 * would keep {@code &a}/{@code *a}).
 */
public final class YamlReencoder {
  private YamlReencoder() {}

  /**
   * The re-encoded documents, or empty when the text is not YAML made of mappings and sequences
   * (a script or a config of another syntax is left to the caller as it is).
   */
  public static Optional<String> reencode(String file, String text, int indent) {
    List<YNode> checked;
    try {
      checked = YamlReader.readAll(file, text);
    } catch (dev.plumb.render.RenderException e) {
      return Optional.empty();
    }
    if (checked.isEmpty() || checked.stream().anyMatch(d -> d instanceof YScalar)) {
      return Optional.empty();
    }
    List<Object> docs = documents(text);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      out.append(i == 0 ? "" : "---\n").append(GoYamlWriter.write(docs.get(i), indent));
    }
    return Optional.of(out.toString());
  }

  private static List<Object> documents(String text) {
    List<Object> docs = new ArrayList<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    Map<String, Object> anchors = new HashMap<>();
    LoadSettings settings = LoadSettings.builder().setCodePointLimit(YamlReader.MAX_BYTES + 1).build();
    for (Event e : new Parse(settings).parseString(text)) {
      Object done;
      switch (e.getEventId()) {
        case Scalar -> {
          ScalarEvent s = (ScalarEvent) e;
          done = new Styled(s.getValue(), style(s.getScalarStyle()));
        }
        case Alias -> done = anchors.get(((AliasEvent) e).getAlias().getValue());
        case SequenceStart, MappingStart -> {
          CollectionStartEvent c = (CollectionStartEvent) e;
          boolean map = e.getEventId() == Event.ID.MappingStart;
          stack.push(new Object[] {map ? new LinkedHashMap<Object, Object>() : new ArrayList<>(), null, c});
          continue;
        }
        case SequenceEnd, MappingEnd -> {
          Object[] f = stack.pop();
          CollectionStartEvent c = (CollectionStartEvent) f[2];
          done = c.isFlow() ? new GoYamlWriter.Flow(f[0]) : f[0];
          c.getAnchor().ifPresent(a -> anchors.put(a.getValue(), f[0]));
          add(stack, docs, done);
          continue;
        }
        default -> {
          continue;
        }
      }
      if (e instanceof NodeEvent ne && !(e instanceof AliasEvent)) {
        Object value = done;
        ne.getAnchor().ifPresent(a -> anchors.put(a.getValue(), value));
      }
      add(stack, docs, done);
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static void add(Deque<Object[]> stack, List<Object> docs, Object node) {
    Object[] top = stack.peek();
    if (top == null) {
      docs.add(node);
    } else if (top[0] instanceof List<?> l) {
      ((List<Object>) l).add(node);
    } else if (top[1] == null) {
      top[1] = node;
    } else {
      ((Map<Object, Object>) top[0]).put(top[1], node);
      top[1] = null;
    }
  }

  private static Style style(ScalarStyle s) {
    return switch (s) {
      case PLAIN -> Style.PLAIN;
      case SINGLE_QUOTED -> Style.SINGLE;
      case LITERAL -> Style.LITERAL;
      case FOLDED -> Style.FOLDED;
      default -> Style.DOUBLE;
    };
  }
}
