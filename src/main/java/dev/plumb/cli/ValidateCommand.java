package dev.plumb.cli;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.talos.ClusterRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code plumb validate PATH}: checks talconfigs, and renders them, without touching any node. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check a talconfig (a file such as talconfig.prod.yaml, a directory holding talconfig.yaml,"
        + " or a fleet repository with clusters/*/talconfig.yaml): schema, variables, secrets, patches and the"
        + " generated documents.",
        "Exit 0 when valid; otherwise exit 1 and one 'file:line:col: field: message' line per problem."})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", description = "talconfig file, its directory, or a fleet repository.")
  Path path;

  @Mixin RenderOptions render;

  @Override
  public Integer call() {
    int bad = 0;
    for (Path cfgPath : TalconfigPaths.find(path)) {
      Path root = TalconfigPaths.repositoryRoot(cfgPath);
      DirectoryTree tree = new DirectoryTree(root);
      String treePath = tree.root().relativize(cfgPath.toAbsolutePath().normalize()).toString();
      try {
        ClusterDesired c = new ClusterRenderer(tree, render.sops()).render(treePath, render.options());
        System.out.printf("%s: valid (cluster %s, %d nodes)%n", TalconfigPaths.display(root, treePath), c.name(),
            c.nodes().size());
      } catch (RenderException e) {
        List<RenderProblem> problems = e.problems();
        for (RenderProblem p : problems) {
          System.out.println(TalconfigPaths.display(root, p));
        }
        bad++;
      }
    }
    return bad == 0 ? 0 : 1;
  }
}
