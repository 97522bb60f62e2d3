package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.ReconcileOutcome;
import dev.plumb.daemon.Reconciler;
import dev.plumb.source.JGitSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb sync}: one reconcile of every cluster of the fleet repository, now. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Fetch the fleet repository, render every clusters/<name>/talconfig.yaml, and roll out what",
        "differs in health-gated waves, printing progress. Exit 0 when every cluster converged, 1 when a",
        "rollout halted or did not settle, 2 when the repository does not render (nothing is applied), 3 when",
        "the branch was rewritten (refused unless --allow-history-rewrite), 4 when the repository is unreachable,",
        "5 when another plumb (the daemon, another sync) is rolling out a cluster: its lock says who."})
public final class SyncCommand implements Callable<Integer> {
  @Option(names = "--repo", required = true, description = "The fleet repository: a URL (file://, https://) or a path.")
  String repo;

  @Option(names = "--branch", defaultValue = "main", description = "Branch to follow (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(names = "--state", defaultValue = ".plumb-state", description = "State directory: Git cache, journal, last applied revision (default: ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--talos-port", defaultValue = "50000", description = "Port of the nodes' Talos API (default: ${DEFAULT-VALUE}).")
  int talosPort;

  @Option(names = "--allow-history-rewrite", description = "Apply a branch that no longer descends from the last applied commit.")
  boolean allowRewrite;

  @Option(names = "--timeout", defaultValue = "30m", description = "Give up waiting for a cluster to settle after this long (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--ssh-key", description = "Private key for ssh:// remotes (default: ~/.ssh).")
  Path sshKey;

  @Option(names = "--known-hosts", description = "known_hosts file for ssh:// remotes; host keys are checked strictly.")
  Path knownHosts;

  @Option(names = "--provision", description = {"First bring-up: configure the nodes found in maintenance mode at",
      "their declared addresses even when the policy does not say provision: true (journaled)."})
  boolean provision;

  @Option(names = "--wait-lock", description = "Wait for a cluster another plumb is rolling out instead of exiting 5.")
  boolean waitLock;

  @Option(names = "--pass-env", paramLabel = "NAME", description = {"An environment variable rendering may substitute;",
      "no other one is seen (as the daemon's renderEnv). Repeatable."})
  java.util.List<String> passEnv = new java.util.ArrayList<>();

  @Mixin RenderOptions render;

  @Override
  public Integer call() throws Exception {
    String url = repo.contains("://") || repo.matches("[^/]+@[^/]+:.*") ? repo : Path.of(repo).toAbsolutePath().toUri().toString();
    try (Journal journal = new Journal(state);
        JGitSource source = new JGitSource(url, branch, state.resolve("git"), Duration.ofSeconds(60),
            System.getenv("PLUMB_GIT_TOKEN"), new JGitSource.SshOptions(sshKey, knownHosts))) {
      dev.plumb.daemon.StatusRecorder status = new dev.plumb.daemon.StatusRecorder(journal, state,
          dev.plumb.daemon.Retention.DEFAULT);
      dev.plumb.daemon.InFlight.announce(status, state, System.out);
      Reconciler r = new Reconciler(source, new AppliedRevision(state), status, render.sops(),
          dev.plumb.daemon.RenderEnv.restrict(render.options(), passEnv), talosPort, allowRewrite,
          SimCommand.parseDuration(timeout), System.out).lockAs("plumb sync", waitLock).requestProvision(provision);
      ReconcileOutcome o = r.reconcile(() -> false);
      System.out.println(o.kind().name().toLowerCase() + (o.reason().isEmpty() ? "" : ": " + o.reason()));
      return switch (o.kind()) {
        case CONVERGED -> 0;
        case FAILED -> 4;
        case LOCKED -> 5;
        case WAITING -> 1;
        case STALLED -> o.reason().startsWith("RenderFailed") ? 2 : o.reason().startsWith("HistoryRewritten") ? 3 : 1;
      };
    }
  }
}
