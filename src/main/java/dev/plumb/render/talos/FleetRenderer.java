package dev.plumb.render.talos;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.SopsDecryptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders every cluster of a fleet repository ({@code clusters/<name>/talconfig.yaml}): what the
 * daemon applies, and what a push to plumb's own Git endpoint is checked against. Pure.
 */
public final class FleetRenderer {
  /** The clusters that rendered, and every problem of those that did not, as {@code file:line:col: field: message}. */
  public record Result(List<ClusterDesired> clusters, List<String> problems) {
    public Result {
      clusters = List.copyOf(clusters);
      problems = List.copyOf(problems);
    }
  }

  private FleetRenderer() {}

  public static Result render(FileTree tree, SopsDecryptor sops, ClusterRenderer.Options options) {
    List<ClusterDesired> clusters = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : tree.list("clusters")) {
      String talconfig = "clusters/" + name + "/talconfig.yaml";
      if (tree.isFile(talconfig)) {
        try {
          clusters.add(new ClusterRenderer(tree, sops).render(talconfig, options));
        } catch (RenderException e) {
          e.problems().forEach(p -> problems.add(p.toString()));
        }
      }
    }
    return new Result(clusters, problems);
  }
}
