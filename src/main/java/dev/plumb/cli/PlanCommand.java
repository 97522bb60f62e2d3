package dev.plumb.cli;

import dev.plumb.daemon.ClusterSession;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.plan.Action;
import dev.plumb.plan.Drift;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.talos.GrpcTalosClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb plan PATH} and {@code plumb diff PATH}: what a reconcile would do, touching nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Observe the nodes of each cluster in PATH (a checkout of the fleet repository) and print the",
        "waves plumb would run: each node's action, predicted apply mode and whether it reboots; --diff adds the",
        "config diffs with secrets masked. Renders what sync renders: the commit (HEAD, or --rev), not",
        "uncommitted files, and only the environment variables named with --pass-env. Changes nothing."})
public final class PlanCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH") Path path;

  @Option(names = "--talos-port", defaultValue = "50000", description = "Port of the nodes' Talos API (default: ${DEFAULT-VALUE}).")
  int talosPort;

  @Option(names = "--diff", description = "Also print each drifted node's config diff (secrets masked).")
  boolean diff;

  @Option(names = "--rev", defaultValue = "HEAD", description = "The commit to render (default: ${DEFAULT-VALUE}).")
  String rev;

  @Option(names = "--pass-env", paramLabel = "NAME", description = "An environment variable rendering may substitute. Repeatable.")
  java.util.List<String> passEnv = new java.util.ArrayList<>();

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the cluster(s), read into"
      + " memory; default: fetched from a control plane over the Talos API.")
  Path kubeconfig;

  @Mixin RenderOptions render;

  /** Only the diffs. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Print the config diff of each node whose live config differs from Git, secrets masked.")
  public static final class DiffCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH") Path path;

    @Option(names = "--talos-port", defaultValue = "50000", description = "Port of the nodes' Talos API.")
    int talosPort;

    @Option(names = "--rev", defaultValue = "HEAD", description = "The commit to render (default: ${DEFAULT-VALUE}).")
    String rev;

    @Option(names = "--pass-env", paramLabel = "NAME", description = "An environment variable rendering may substitute.")
    java.util.List<String> passEnv = new java.util.ArrayList<>();

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig of the cluster(s), read into"
        + " memory; default: fetched from a control plane over the Talos API.")
    Path kubeconfig;

    @Mixin RenderOptions render;

    @Override
    public Integer call() {
      PlanCommand p = new PlanCommand();
      p.kubeconfig = kubeconfig;
      p.path = path;
      p.talosPort = talosPort;
      p.render = render;
      p.rev = rev;
      p.passEnv = passEnv;
      return p.run(false, true);
    }
  }

  @Override
  public Integer call() {
    return run(true, diff);
  }

  int run(boolean showPlan, boolean showDiff) {
    int bad = 0;
    byte[] kube = null;
    if (kubeconfig != null) {
      try {
        kube = java.nio.file.Files.readAllBytes(kubeconfig);
      } catch (java.io.IOException e) {
        throw new dev.plumb.fleet.PlumbException("cannot read --kubeconfig " + kubeconfig + " ("
            + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName()) + ")");
      }
    }
    for (Path cfgPath : TalconfigPaths.find(path)) {
      Path root = TalconfigPaths.repositoryRoot(cfgPath);
      String treePath = root.relativize(cfgPath.toAbsolutePath().normalize()).toString().replace('\\', '/');
      ClusterDesired desired;
      try (CommitTree commit = CommitTree.open(root, rev)) {
        commit.note().ifPresent(System.out::println);
        desired = new ClusterRenderer(commit.tree(), render.sops()).render(treePath,
            dev.plumb.daemon.RenderEnv.restrict(render.options(), passEnv));
      } catch (RenderException e) {
        e.problems().forEach(p -> System.out.println(TalconfigPaths.display(root, p)));
        bad++;
        continue;
      }
      try (ClusterSession s = new ClusterSession(desired, talosPort, new RolloutListener() {}, Duration.ofSeconds(1),
          new GrpcTalosClient.Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(1)))) {
        if (kube != null) {
          s.withKubeconfig(kube, "--kubeconfig " + kubeconfig);
        }
        LiveState live = s.observer().observe(desired);
        Plan plan = new Planner(new RebootPredictor()).plan(desired, live);
        if (showPlan) {
          print(desired, live, plan);
        }
        if (showDiff) {
          for (NodeConfig n : desired.nodes()) {
            NodeLive l = live.node(n.hostname()).orElseThrow();
            if (l.config().reveal().length > 0) {
              System.out.print(Drift.diff(n.hostname(), l.config().reveal(), n.config().reveal()));
            }
          }
        }
      }
    }
    return bad == 0 ? 0 : 1;
  }

  private static void print(ClusterDesired desired, LiveState live, Plan plan) {
    System.out.println("cluster " + desired.name() + ":");
    for (NodeLive l : live.nodes()) {
      System.out.printf("  %-16s %-12s %-10s %s%n", l.hostname(), l.reach().name().toLowerCase(), l.version(),
          l.reach() == dev.plumb.observe.Reach.UP ? l.stage().name().toLowerCase() + (l.ready() ? ", ready" : ", not ready") : l.detail());
    }
    System.out.println("  " + kubernetes(live.kube()));
    printNotes(plan);
    // drift shows even in sync: objects that drifted live under kubernetes.drift: report
    plan.drift().forEach(d -> System.out.println("  drift: " + d));
    if (plan.inSync()) {
      System.out.println("  in sync: nothing to do");
      return;
    }
    int i = 1;
    for (Wave w : plan.waves()) {
      System.out.printf("  wave %d: %s%n", i++, w.name());
      for (Action a : w.actions()) {
        System.out.println("    " + a);
      }
    }
    preflight(desired, plan).ifPresent(p -> System.out.println("  preflight: " + p));
    plan.waitReason().ifPresent(w -> System.out.println("  waits before acting: " + w));
  }

  /** One line on the cluster's Kubernetes API: its version and Nodes, or why it was not observed. */
  static String kubernetes(dev.plumb.observe.KubeLive k) {
    if (!k.reachable()) {
      return "kubernetes: not observed: " + k.detail();
    }
    long ready = k.nodes().values().stream()
        .filter(r -> r.state() == dev.plumb.kube.NodeReadiness.State.READY).count();
    return "kubernetes: " + k.serverVersion() + ", " + ready + " of " + k.nodes().size() + " Nodes Ready"
        + (k.detail().isEmpty() ? "" : "; " + k.detail());
  }

  /**
   * The plan's notes (provisioning mode, budget, held nodes, quorum refusals, unavailable nodes),
   * printed whether or not the cluster is in sync.
   */
  private static void printNotes(Plan plan) {
    plan.notes().forEach(n -> System.out.println("  " + n));
  }

  /**
   * The preflight (dry-run apply of every node the plan touches) result to print, if any. A hook:
   * the rollout's preflight fills it; empty prints nothing.
   */
  static java.util.Optional<String> preflight(ClusterDesired desired, Plan plan) {
    return java.util.Optional.empty();
  }
}
