package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.SecretsLoader;
import dev.plumb.render.talos.TalConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb render PATH}: the machine config of every node, offline. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Render a talconfig (file, directory, or fleet repository with clusters/) into each node's"
        + " machine config, offline and deterministically.",
        "Without --out, print a summary per node (documents, sha256), never secret values.",
        "With --out, write <cluster>-<hostname>.yaml per node and a talosconfig, as talhelper genconfig does:"
            + " every file or, when anything is wrong, none."})
public final class RenderCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH") Path path;

  @Option(names = "--node", description = "Only this node (hostname).") String node;

  @Option(names = "--out", description = "Directory to write the configs and talosconfig to.") Path out;

  @Mixin RenderOptions render;

  @Override
  public Integer call() {
    try {
      return run();
    } catch (java.nio.file.InvalidPathException e) {
      // a file name the JVM cannot encode in this locale (LC_ALL=C with a non-ASCII name)
      throw new PlumbException("the file name '" + e.getInput() + "' cannot be used in this locale ("
          + System.getProperty("sun.jnu.encoding") + "); run plumb with a UTF-8 locale, e.g. LC_ALL=C.UTF-8", e);
    }
  }

  private int run() {
    RenderOutput output = out == null ? null : new RenderOutput(out);
    int bad = 0;
    for (Path cfgPath : TalconfigPaths.find(path)) {
      Path root = TalconfigPaths.repositoryRoot(cfgPath);
      DirectoryTree tree = new DirectoryTree(root);
      String treePath = tree.root().relativize(cfgPath.toAbsolutePath().normalize()).toString();
      ClusterRenderer.Options opts = render.options();
      try {
        ClusterDesired c = new ClusterRenderer(tree, render.sops()).render(treePath, opts);
        List<NodeConfig> nodes = c.nodes().stream().filter(n -> node == null || n.hostname().equals(node)).toList();
        if (node != null && nodes.isEmpty()) {
          throw new PlumbException("no node '" + node + "' in " + treePath);
        }
        if (output == null) {
          summary(c, nodes);
        } else {
          collect(output, tree, treePath, opts, c, nodes);
        }
      } catch (RenderException e) {
        for (RenderProblem p : e.problems()) {
          System.out.println(TalconfigPaths.display(root, p));
        }
        bad++;
      }
    }
    if (bad > 0) {
      if (output != null) {
        System.out.println("nothing written to " + out + ": fix the problems above first");
      }
      return 1;
    }
    if (output != null) {
      output.write().forEach(f -> System.out.println("wrote " + f));
    }
    return 0;
  }

  private static void summary(ClusterDesired c, List<NodeConfig> nodes) {
    System.out.printf("cluster %s (Talos %s, Kubernetes %s, %s)%n", c.name(), c.talosVersion(), c.kubernetesVersion(),
        c.endpoint());
    for (NodeConfig n : nodes) {
      System.out.printf("  %-20s %-12s %-28s sha256:%s%n", n.hostname(), n.controlPlane() ? "controlplane" : "worker",
          String.join(",", n.addresses()), n.sha256());
      System.out.printf("  %-20s installer %s%n", "", n.installerImage());
      System.out.printf("  %-20s documents %s%n", "", String.join(", ", n.documentKinds()));
    }
    for (var o : c.objects()) {
      System.out.printf("  object %-50s from %s%n", o.key(), o.source());
    }
  }

  /** Renders everything a cluster writes into memory first; nothing touches the disk here. */
  private void collect(RenderOutput output, DirectoryTree tree, String treePath, ClusterRenderer.Options opts,
      ClusterDesired c, List<NodeConfig> nodes) {
    List<RenderProblem> problems = new ArrayList<>();
    for (NodeConfig n : nodes) {
      Optional<String> why = RenderOutput.refuse(n.fileName());
      if (why.isPresent()) {
        problems.add(new RenderProblem(treePath, 0, 0, "filenameTmpl", "node " + n.hostname() + ": " + why.get()));
      } else if (n.fileName().equals("talosconfig") || !output.add(n.fileName(), n.config().reveal())) {
        problems.add(new RenderProblem(treePath, 0, 0, "filenameTmpl", "node " + n.hostname() + ": '" + n.fileName()
            + "' is also the name of another file of this render"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    var cfg = new TalConfigLoader(tree, render.sops()).load(treePath, opts.envFiles(), opts.processEnv(), opts.explicitEnv());
    var secrets = SecretsLoader.load(tree, cfg, render.sops(), opts.secrets());
    output.put("talosconfig", AdminTalosconfig.create(c, secrets, Duration.ofDays(365)).reveal()
        .getBytes(StandardCharsets.UTF_8));
  }
}
