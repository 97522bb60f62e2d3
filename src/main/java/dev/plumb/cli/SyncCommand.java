package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.ClusterSession;
import dev.plumb.daemon.ConsoleProgress;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.RenderException;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.source.JGitSource;
import dev.plumb.source.Revision;
import dev.plumb.source.Snapshot;
import dev.plumb.talos.GrpcTalosClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb sync}: one reconcile of every cluster of the fleet repository, now. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Fetch the fleet repository, render every clusters/<name>/talconfig.yaml, and roll out what",
        "differs in health-gated waves, printing progress. Exit 0 when every cluster converged, 1 when a",
        "rollout halted, 2 when the repository does not render (nothing is applied), 3 when the branch was",
        "rewritten (refused unless --allow-history-rewrite)."})
public final class SyncCommand implements Callable<Integer> {
  @Option(names = "--repo", required = true, description = "The fleet repository: a URL (file://, https://) or a path.")
  String repo;

  @Option(names = "--branch", defaultValue = "main", description = "Branch to follow (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(names = "--state", defaultValue = ".plumb-state", description = "State directory: Git cache, last applied revision (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--talos-port", defaultValue = "50000", description = "Port of the nodes' Talos API (default: ${DEFAULT-VALUE}).")
  int talosPort;

  @Option(names = "--allow-history-rewrite", description = "Apply a branch that no longer descends from the last applied commit.")
  boolean allowRewrite;

  @Option(names = "--timeout", defaultValue = "30m", description = "Give up waiting for a cluster to settle after this long (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Mixin RenderOptions render;

  @Override
  public Integer call() throws Exception {
    String url = repo.contains("://") ? repo : Path.of(repo).toAbsolutePath().toUri().toString();
    AppliedRevision applied = new AppliedRevision(state);
    try (JGitSource source = new JGitSource(url, branch, state.resolve("git"), Duration.ofSeconds(60), System.getenv("PLUMB_GIT_TOKEN"))) {
      Snapshot snap = source.fetch();
      System.out.println("revision " + snap.revision().shortId() + " of " + branch);
      Optional<Revision> last = applied.read();
      if (last.isPresent() && !last.get().equals(snap.revision()) && !source.isDescendant(last.get(), snap.revision())
          && !allowRewrite) {
        System.out.println("refused: " + branch + " now points at " + snap.revision().shortId() + ", which does not"
            + " descend from the last applied " + last.get().shortId() + " (history was rewritten); nothing applied."
            + " Pass --allow-history-rewrite to apply it anyway.");
        return 3;
      }
      List<ClusterDesired> clusters = new ArrayList<>();
      boolean invalid = false;
      for (String name : snap.tree().list("clusters")) {
        String talconfig = "clusters/" + name + "/talconfig.yaml";
        if (!snap.tree().isFile(talconfig)) {
          continue;
        }
        try {
          clusters.add(new ClusterRenderer(snap.tree(), render.sops()).render(talconfig, render.options()));
        } catch (RenderException e) {
          e.problems().forEach(p -> System.out.println(p));
          invalid = true;
        }
      }
      if (invalid) {
        System.out.println("the repository does not render at " + snap.revision().shortId() + ": nothing applied");
        return 2;
      }
      boolean halted = false;
      for (ClusterDesired c : clusters) {
        try (ClusterSession s = new ClusterSession(c, talosPort, new ConsoleProgress(System.out, c.name()),
            Duration.ofMillis(500), new GrpcTalosClient.Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(15)))) {
          RolloutOutcome o = s.converge(c, SimCommand.parseDuration(timeout), () -> false);
          halted |= o.kind() != RolloutOutcome.Kind.CONVERGED;
        }
      }
      if (!halted) {
        applied.write(snap.revision());
      }
      return halted ? 1 : 0;
    }
  }
}
