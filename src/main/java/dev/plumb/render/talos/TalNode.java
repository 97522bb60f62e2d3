package dev.plumb.render.talos;

import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code nodes[]} entry with its group ({@code controlPlane:} or {@code worker:}) merged in as
 * talhelper does (reference/talhelper.md §3.3): patches group then node, extraManifests and
 * certSANs node then group (each unless the node overrides), every other field the node's value
 * as a whole when it is non-zero, else the group's.
 */
public record TalNode(int index, YMap raw, Map<String, YNode> fields) {

  static TalNode merge(int index, YMap node, Optional<YMap> group) {
    Map<String, YNode> f = new LinkedHashMap<>();
    if (group.isPresent()) {
      for (Map.Entry<String, YNode> e : group.get().entries().entrySet()) {
        if (TalSchema.NODE_CONFIGS.contains(e.getKey())) {
          f.put(e.getKey(), e.getValue());
        }
      }
    }
    for (Map.Entry<String, YNode> e : node.entries().entrySet()) {
      String k = e.getKey();
      YNode v = e.getValue();
      YNode g = f.get(k);
      if (k.equals("patches") && g != null && !flag(node, "overridePatches")) {
        f.put(k, concat(g, v));
      } else if ((k.equals("extraManifests") && !flag(node, "overrideExtraManifests")
          || k.equals("certSANs") && !flag(node, "overrideMachineCertSANs")) && g != null) {
        f.put(k, concat(v, g));
      } else if (g == null || !zero(v)) {
        f.put(k, v);
      }
    }
    return new TalNode(index, node, f);
  }

  private static boolean flag(YMap m, String key) {
    return m.get(key).filter(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool())).isPresent();
  }

  private static boolean zero(YNode v) {
    if (v instanceof YScalar s) {
      return s.isNull() || Boolean.FALSE.equals(s.bool()) || (s.text().isEmpty())
          || (s.plain() && s.text().equals("0"));
    }
    return false;
  }

  private static YNode concat(YNode first, YNode second) {
    List<YNode> items = new ArrayList<>();
    for (YNode n : Arrays.asList(first, second)) {
      if (n instanceof YList l) {
        items.addAll(l.items());
      }
    }
    return new YList(items, first.mark());
  }

  /** The field path for messages, e.g. {@code nodes[2].hostname}. */
  public String path(String key) {
    return "nodes[" + index + "]." + key;
  }

  public Optional<YNode> get(String key) {
    return Optional.ofNullable(fields.get(key));
  }

  public Optional<String> string(String key) {
    return get(key).filter(n -> n instanceof YScalar s && !s.isNull()).map(n -> ((YScalar) n).text());
  }

  public String hostname() {
    return string("hostname").orElse("");
  }

  public boolean controlPlane() {
    return flag(raw, "controlPlane");
  }

  /** The comma-separated {@code ipAddress} items, trimmed. */
  public List<String> addresses() {
    return string("ipAddress").map(s -> Arrays.stream(s.split(",")).map(String::strip)
        .filter(x -> !x.isEmpty()).toList()).orElse(List.of());
  }

  /** The patches in application order (group, then node). */
  public List<YNode> patches() {
    return get("patches").filter(n -> n instanceof YList).map(n -> ((YList) n).items()).orElse(List.of());
  }
}
