package dev.plumb.daemon;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.source.GitSource;
import dev.plumb.source.Revision;
import dev.plumb.source.Snapshot;
import dev.plumb.source.SourceUnavailableException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One reconcile of every cluster: fetch, refuse a rewritten history, render (nothing is applied
 * when anything fails to render), converge each cluster, record the applied revision, and say
 * once how it ended. Steps journal what they did; only {@link #reconcile} decides the outcome.
 */
public final class Reconciler {
  private final GitSource source;
  private final AppliedRevision applied;
  private final StatusRecorder status;
  private final SopsDecryptor sops;
  private final ClusterRenderer.Options renderOptions;
  private final int talosPort;
  private final boolean allowRewrite;
  private final Duration settleTimeout;
  private final PrintStream out;
  private final dev.plumb.report.PlumbMetrics metrics;
  private final java.util.Set<String> suspended = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean observedAll;
  private Revision stalledAt;
  private String renderedTree = "";
  private volatile List<ClusterDesired> rendered = List.of();
  // the cluster as it last converged, for the credentials its nodes accept during an OS CA rotation;
  // in memory only: its secrets are never written to disk in plain text
  private final java.util.Map<String, ClusterDesired> lastConverged = new java.util.concurrent.ConcurrentHashMap<>();
  private String command = "plumb";
  private boolean waitLock;
  private boolean provisionRequested;
  private volatile KubeconfigFiles kubeconfigs = KubeconfigFiles.none();
  private volatile dev.plumb.report.notify.Notifications notifications = dev.plumb.report.notify.Notifications.off();
  // mutual-TLS channels kept from one reconcile to the next (a handshake per node is most of a reconcile's CPU)
  private final TalosClients clients = new TalosClients(ClusterRun.TIMEOUTS);

  public Reconciler(GitSource source, AppliedRevision applied, StatusRecorder status, SopsDecryptor sops,
      ClusterRenderer.Options renderOptions, int talosPort, boolean allowRewrite, Duration settleTimeout, PrintStream out) {
    this(source, applied, status, sops, renderOptions, talosPort, allowRewrite, settleTimeout, out,
        new dev.plumb.report.PlumbMetrics());
  }

  public Reconciler(GitSource source, AppliedRevision applied, StatusRecorder status, SopsDecryptor sops,
      ClusterRenderer.Options renderOptions, int talosPort, boolean allowRewrite, Duration settleTimeout, PrintStream out,
      dev.plumb.report.PlumbMetrics metrics) {
    this.metrics = metrics;
    this.source = source;
    this.applied = applied;
    this.status = status;
    this.sops = sops;
    this.renderOptions = renderOptions;
    this.talosPort = talosPort;
    this.allowRewrite = allowRewrite;
    this.settleTimeout = settleTimeout;
    this.out = out;
  }

  /**
   * Names this process in the cluster locks it takes ({@code plumb sync}, {@code plumb daemon});
   * with {@code waitLock}, waits for a lock another plumb holds instead of reporting it.
   */
  public Reconciler lockAs(String command, boolean waitLock) {
    this.command = command;
    this.waitLock = waitLock;
    return this;
  }

  /** First bring-up asked on the command line ({@code plumb sync --provision}): journaled per cluster. */
  public Reconciler requestProvision(boolean on) {
    this.provisionRequested = on;
    return this;
  }

  /** Rollout notifications and commit statuses (ops track hook); off unless the config names targets. */
  public void notifyWith(dev.plumb.report.notify.Notifications n) {
    this.notifications = n;
  }

  /** The kubeconfigs the daemon config names per cluster; a cluster without one fetches its own over Talos. */
  public Reconciler kubeconfigs(KubeconfigFiles k) {
    this.kubeconfigs = k;
    return this;
  }

  /** True once a reconcile has observed every cluster of the repository (the daemon's readiness). */
  public boolean observedAll() {
    return observedAll;
  }

  /** Stops (or resumes) rollouts to one cluster; its status shows it, other clusters go on. */
  public void suspend(String cluster, boolean on) {
    if (on ? suspended.add(cluster) : suspended.remove(cluster)) {
      status.suspended(cluster, on);
    }
  }

  /** The clusters of the last rendered revision. */
  public java.util.Set<String> clusterNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    rendered.forEach(c -> names.add(c.name()));
    return names;
  }

  /** The clusters of the last rendered revision, configs included (ops track hook: the netboot server). */
  public List<ClusterDesired> renderedClusters() {
    return rendered;
  }

  /** The clusters a previous run left suspended (their phase in the status tables). */
  public void restoreSuspended(java.util.Collection<String> clusters) {
    suspended.addAll(clusters);
  }

  public ReconcileOutcome reconcile(BooleanSupplier cancelled) throws InterruptedException {
    long t0 = System.nanoTime();
    ReconcileOutcome o = reconcileOnce(cancelled);
    metrics.reconciled(o.kind().name().toLowerCase(java.util.Locale.ROOT), Duration.ofNanos(System.nanoTime() - t0));
    return o;
  }

  private ReconcileOutcome reconcileOnce(BooleanSupplier cancelled) throws InterruptedException {
    Snapshot snap;
    try {
      snap = source.fetch();
    } catch (dev.plumb.source.UntrustedCommitException e) { // ops track: signed commits refuse the head
      return stall(e.snapshot(), "UntrustedCommit", e.getMessage());
    } catch (SourceUnavailableException e) {
      status.problem("failing", "", "SourceFailed", e.getMessage());
      return new ReconcileOutcome(ReconcileOutcome.Kind.FAILED, "", e.getMessage());
    }
    String rev = snap.revision().id();
    if (snap.revision().equals(stalledAt)) {
      return new ReconcileOutcome(ReconcileOutcome.Kind.STALLED, rev, "stalled at " + snap.revision().shortId()
          + ", waiting for a new commit");
    }
    Optional<Revision> last = applied.read();
    if (last.isPresent() && !last.get().equals(snap.revision()) && !source.isDescendant(last.get(), snap.revision())
        && !allowRewrite) {
      return stall(snap, "HistoryRewritten", "the branch moved to " + snap.revision().shortId()
          + ", which does not descend from the last applied " + last.get().shortId() + "; nothing applied");
    }
    status.reconcileStarted(rev);
    List<ClusterDesired> clusters = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (snap.treeId().equals(renderedTree)) {
      clusters.addAll(rendered); // same files as last time: no render, only a fresh observation
    } else {
      render(snap, clusters, problems);
    }
    if (problems.isEmpty() && !snap.treeId().equals(renderedTree)) {
      renderedTree = snap.treeId();
      rendered = List.copyOf(clusters);
    }
    if (!problems.isEmpty()) {
      problems.forEach(out::println);
      return stall(snap, "RenderFailed", problems.size() + " problem(s), first: " + problems.get(0) + "; nothing applied");
    }
    // clusters are independent: each converges on its own thread, one reconcile per cluster at a time
    ClusterRun run = new ClusterRun(new ClusterRun.Settings(applied.stateDir(), command, waitLock, provisionRequested,
        talosPort, settleTimeout, out, metrics, notifications, clients, kubeconfigs), status);
    List<java.util.concurrent.Future<ClusterRun.Result>> outcomes = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(8, clusters.size())), r -> {
          Thread t = new Thread(r, "reconcile");
          t.setDaemon(true);
          return t;
        });
    List<ClusterRun.Result> results = new ArrayList<>();
    String failure = null;
    try {
      for (ClusterDesired c : clusters) {
        if (suspended.contains(c.name())) {
          outcomes.add(java.util.concurrent.CompletableFuture.completedFuture(
              new ClusterRun.Result(c.name(), ClusterRun.Result.Kind.SUSPENDED, "suspended")));
        } else {
          outcomes.add(pool.submit(() -> run.run(c, rev, previous(c.name(), rev), cancelled)));
        }
      }
      // wait for every cluster before judging: one cluster's halt does not cut another's rollout short
      for (int i = 0; i < clusters.size(); i++) {
        try {
          results.add(outcomes.get(i).get());
        } catch (java.util.concurrent.ExecutionException e) {
          failure = failure != null ? failure : clusters.get(i).name() + ": " + e.getCause().getMessage();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (ClusterDesired c : clusters) {
      results.stream().filter(r -> r.cluster().equals(c.name()) && r.kind() == ClusterRun.Result.Kind.CONVERGED)
          .findFirst().ifPresent(r -> lastConverged.put(c.name(), c));
    }
    return judge(snap, results, failure, cancelled);
  }

  /**
   * The fleet's outcome from its clusters': a failure first, then a halt (that cluster waits for a
   * new commit; the others went on and go on at every poll), then a lock another plumb holds,
   * then waits. The fleet's applied revision moves only when every cluster converged.
   */
  private ReconcileOutcome judge(Snapshot snap, List<ClusterRun.Result> results, String failure,
      BooleanSupplier cancelled) {
    String rev = snap.revision().id();
    if (failure == null && !cancelled.getAsBoolean()) {
      observedAll = true;
    }
    if (failure != null) {
      status.problem("failing", rev, "ReconcileFailed", failure);
      return new ReconcileOutcome(ReconcileOutcome.Kind.FAILED, rev, failure);
    }
    List<String> halted = messages(results, ClusterRun.Result.Kind.HALTED);
    if (!halted.isEmpty()) {
      String why = String.join("; ", halted);
      status.problem("halted", rev, "GateFailed", why);
      return new ReconcileOutcome(ReconcileOutcome.Kind.STALLED, rev, "GateFailed: " + why);
    }
    List<String> locked = messages(results, ClusterRun.Result.Kind.LOCKED);
    if (!locked.isEmpty()) {
      status.waiting(rev, String.join("; ", locked));
      return new ReconcileOutcome(ReconcileOutcome.Kind.LOCKED, rev, String.join("; ", locked));
    }
    List<String> skipped = results.stream().filter(r -> r.kind() == ClusterRun.Result.Kind.SUSPENDED)
        .map(ClusterRun.Result::cluster).toList();
    if (!skipped.isEmpty()) {
      status.waiting(rev, "suspended: " + String.join(", ", skipped));
      return new ReconcileOutcome(ReconcileOutcome.Kind.WAITING, rev, "suspended: " + String.join(", ", skipped));
    }
    if (results.stream().anyMatch(r -> r.kind() != ClusterRun.Result.Kind.CONVERGED)) {
      status.waiting(rev, "a cluster has not settled yet");
      return new ReconcileOutcome(ReconcileOutcome.Kind.WAITING, rev, "a cluster has not settled yet");
    }
    applied.write(snap.revision());
    status.converged(rev);
    return new ReconcileOutcome(ReconcileOutcome.Kind.CONVERGED, rev, "");
  }

  private static List<String> messages(List<ClusterRun.Result> results, ClusterRun.Result.Kind kind) {
    return results.stream().filter(r -> r.kind() == kind).map(r -> r.cluster() + ": " + r.message()).toList();
  }

  /**
   * The cluster as it last converged: kept in memory, or after a restart rendered again from its
   * applied revision in the Git cache (its secrets stay encrypted on disk).
   */
  private Optional<ClusterDesired> previous(String cluster, String rev) {
    ClusterDesired known = lastConverged.get(cluster);
    if (known != null) {
      return Optional.of(known);
    }
    String applied = status.state().get(cluster).applied();
    if (applied.isEmpty() || applied.equals(rev)) {
      return Optional.empty();
    }
    try {
      Optional<dev.plumb.render.FileTree> tree = source.treeAt(new Revision(applied));
      if (tree.isEmpty()) {
        return Optional.empty();
      }
      Optional<ClusterDesired> was = dev.plumb.render.talos.FleetRenderer.render(tree.get(), sops, renderOptions)
          .clusters().stream().filter(c -> c.name().equals(cluster)).findFirst();
      was.ifPresent(c -> lastConverged.putIfAbsent(cluster, c));
      return was;
    } catch (RuntimeException e) {
      out.println(cluster + ": cannot render its last applied revision " + applied.substring(0, 12) + " again ("
          + e.getMessage() + "); connecting with the desired credentials only");
      return Optional.empty();
    }
  }

  private void render(Snapshot snap, List<ClusterDesired> clusters, List<String> problems) {
    dev.plumb.render.talos.FleetRenderer.Result r = dev.plumb.render.talos.FleetRenderer.render(snap.tree(), sops,
        renderOptions);
    clusters.addAll(r.clusters());
    problems.addAll(r.problems());
  }


  /** A problem of the whole revision (it does not render, or rewrote history): nothing until a new commit. */
  private ReconcileOutcome stall(Snapshot snap, String reason, String message) {
    stalledAt = snap.revision();
    status.problem("stalled", snap.revision().id(), reason, message);
    out.println(reason + ": " + message);
    return new ReconcileOutcome(ReconcileOutcome.Kind.STALLED, snap.revision().id(), reason + ": " + message);
  }
}
