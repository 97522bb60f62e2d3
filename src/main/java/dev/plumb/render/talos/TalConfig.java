package dev.plumb.render.talos;

import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A talconfig after variable substitution: the raw mapping with positions, the env it was
 * substituted with, and typed views of the fields plumb reads. Nodes come with the group
 * defaults merged in ({@link TalNode}).
 */
public record TalConfig(String file, YMap root, TalEnv env) {

  /** The directory of the talconfig in the tree; {@code @} paths resolve against it. */
  public String dir() {
    return dev.plumb.render.FileTree.dirOf(file);
  }

  public Optional<String> string(String key) {
    return root.get(key).filter(n -> n instanceof YScalar s && !s.isNull()).map(n -> ((YScalar) n).text());
  }

  public String clusterName() {
    return string("clusterName").orElse("");
  }

  /** The Talos version with a leading {@code v}; talhelper's latest (v1.13.9) when unset or empty. */
  public String talosVersion() {
    String v = string("talosVersion").filter(s -> !s.isEmpty()).orElse(TalosContract.LATEST);
    return v.startsWith("v") ? v : "v" + v;
  }

  public Optional<YMap> group(String key) {
    return root.get(key).filter(n -> n instanceof YMap).map(n -> (YMap) n);
  }

  /** The nodes, each merged with its group. */
  public List<TalNode> nodes() {
    List<TalNode> out = new ArrayList<>();
    Optional<YNode> nodes = root.get("nodes");
    if (nodes.isPresent() && nodes.get() instanceof YList l) {
      for (int i = 0; i < l.items().size(); i++) {
        if (l.items().get(i) instanceof YMap m) {
          boolean cp = m.get("controlPlane").filter(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool()))
              .isPresent();
          out.add(TalNode.merge(i, m, group(cp ? "controlPlane" : "worker")));
        }
      }
    }
    return out;
  }
}
