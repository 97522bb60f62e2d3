package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.kube.ApplyOptions;
import dev.plumb.kube.ApplyReport;
import dev.plumb.kube.Drift;
import dev.plumb.kube.DriftDetector;
import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.KubeApplier;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.Manifest;
import dev.plumb.kube.Pause;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.Policy;
import dev.plumb.render.PolicyFile;
import dev.plumb.render.apps.AppRenderer;
import dev.plumb.render.apps.ManifestSet;
import dev.plumb.render.apps.SecretMask;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plumb apps render|diff|apply CLUSTER}: the Kubernetes objects of the apps a cluster's
 * plumb.yaml selects, rendered (Secrets masked), compared with the cluster, or applied by
 * server-side apply with prune. The kubeconfig is read once into memory.
 */
@Command(name = "apps", mixinStandardHelpOptions = true,
    description = "Render, diff or apply the Kubernetes apps of a cluster.",
    subcommands = {AppsCommand.Render.class, AppsCommand.Diff.class, AppsCommand.Apply.class})
public final class AppsCommand {
  /** Options every apps subcommand takes. */
  static final class Common {
    @Parameters(index = "0", description = "Cluster name (clusters/<name>/plumb.yaml).")
    String cluster;

    @Option(names = "--repo", description = "Repository root (default: current directory).", defaultValue = ".")
    Path repo;

    @Mixin RenderOptions render = new RenderOptions();

    ManifestSet manifests() {
      DirectoryTree tree = new DirectoryTree(repo);
      String dir = "clusters/" + cluster;
      if (!tree.isDirectory(dir)) {
        throw new PlumbException("no cluster directory " + dir + " in " + repo);
      }
      Policy policy = PolicyFile.load(tree, dir);
      return AppRenderer.render(tree, policy.apps(), dir + "/plumb.yaml", render.sops());
    }

    static List<Manifest> toKube(ManifestSet set) {
      return set.objects().stream().map(o -> new Manifest(o.key(), o.apiVersion(), o.body().reveal())).toList();
    }
  }

  /** Options of the subcommands that talk to the cluster. */
  static final class Cluster {
    @Option(names = "--kubeconfig", required = true, description = "Kubeconfig of the cluster (read into memory).")
    Path kubeconfig;

    KubeClient client() {
      try {
        return Fabric8KubeClient.fromKubeconfig(Files.readAllBytes(kubeconfig));
      } catch (IOException e) {
        throw new PlumbException("cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "render", mixinStandardHelpOptions = true, description = "Print the objects (Secret values masked).")
  static final class Render implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      ManifestSet set = common.manifests();
      List<java.util.Map<String, Object>> docs = set.objects().stream().map(o -> SecretMask.mask(o.body().reveal()))
          .toList();
      PrintWriter out = spec.commandLine().getOut();
      out.print(new String(CanonicalYaml.encode(docs), StandardCharsets.UTF_8));
      out.flush();
      return 0;
    }
  }

  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Show objects missing or drifted from Git, and what prune would delete. Exit 1 when any.")
  static final class Diff implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Mixin Cluster cluster = new Cluster();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<Manifest> manifests = Common.toKube(common.manifests());
      PrintWriter out = spec.commandLine().getOut();
      try (KubeClient client = cluster.client()) {
        boolean any = false;
        for (Drift d : DriftDetector.detect(client, manifests)) {
          if (d.drifted()) {
            out.print(d.render());
            any = true;
          }
        }
        String prune = new KubeApplier(client, Clock.systemUTC(), Pause.SLEEP).planPrune(manifests).render();
        out.print(prune);
        out.flush();
        return any || !prune.isEmpty() ? 1 : 0;
      }
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Server-side apply (field manager plumb): Namespaces and CRDs first, then waves; prune after.")
  static final class Apply implements Callable<Integer> {
    @Mixin Common common = new Common();
    @Mixin Cluster cluster = new Cluster();
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--force-conflicts", description = "Take over fields another field manager owns.")
    boolean force;

    @Option(names = "--no-prune", description = "Keep objects plumb created that Git no longer holds.")
    boolean noPrune;

    @Override
    public Integer call() throws InterruptedException {
      List<Manifest> manifests = Common.toKube(common.manifests());
      try (KubeClient client = cluster.client()) {
        ApplyReport report = new KubeApplier(client, Clock.systemUTC(), Pause.SLEEP).apply(manifests,
            ApplyOptions.defaults().withForce(force).withPrune(!noPrune));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.render());
        out.flush();
        return report.ok() ? 0 : 1;
      }
    }
  }
}
