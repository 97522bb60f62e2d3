package dev.plumb.daemon;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.RenderException;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.source.GitSource;
import dev.plumb.source.Revision;
import dev.plumb.source.Snapshot;
import dev.plumb.source.SourceUnavailableException;
import dev.plumb.talos.GrpcTalosClient;
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
  private volatile dev.plumb.report.notify.Notifications notifications = dev.plumb.report.notify.Notifications.off();

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

  /** Rollout notifications and commit statuses (ops track hook); off unless the config names targets. */
  public void notifyWith(dev.plumb.report.notify.Notifications n) {
    this.notifications = n;
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
    List<java.util.concurrent.Future<RolloutOutcome>> outcomes = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
        Math.max(1, Math.min(8, clusters.size())), r -> {
          Thread t = new Thread(r, "reconcile");
          t.setDaemon(true);
          return t;
        });
    try {
      List<String> skipped = new ArrayList<>();
      for (ClusterDesired c : clusters) {
        if (suspended.contains(c.name())) {
          skipped.add(c.name());
          outcomes.add(java.util.concurrent.CompletableFuture.completedFuture(
              new RolloutOutcome(RolloutOutcome.Kind.CANCELLED, "", "", null, "suspended")));
        } else {
          outcomes.add(pool.submit(() -> converge(c, rev, cancelled)));
        }
      }
      // wait for every cluster before judging: one cluster's halt does not cut another's rollout short
      List<RolloutOutcome> results = new ArrayList<>();
      String failure = null;
      for (int i = 0; i < clusters.size(); i++) {
        try {
          results.add(outcomes.get(i).get());
        } catch (java.util.concurrent.ExecutionException e) {
          failure = failure != null ? failure : clusters.get(i).name() + ": " + e.getCause().getMessage();
          results.add(null);
        }
      }
      for (int i = 0; i < clusters.size(); i++) {
        if (results.get(i) != null && results.get(i).kind() == RolloutOutcome.Kind.HALTED) {
          return stall(snap, "GateFailed", clusters.get(i).name() + ": " + results.get(i));
        }
      }
      if (failure == null && !cancelled.getAsBoolean()) {
        observedAll = true;
      }
      if (failure != null) {
        status.problem("failing", rev, "ReconcileFailed", failure);
        return new ReconcileOutcome(ReconcileOutcome.Kind.FAILED, rev, failure);
      }
      if (!skipped.isEmpty()) {
        status.waiting(rev, "suspended: " + String.join(", ", skipped));
        return new ReconcileOutcome(ReconcileOutcome.Kind.WAITING, rev, "suspended: " + String.join(", ", skipped));
      }
      boolean waiting = results.stream().anyMatch(o -> o.kind() != RolloutOutcome.Kind.CONVERGED);
      if (waiting) {
        status.waiting(rev, "a cluster has not settled yet");
        return new ReconcileOutcome(ReconcileOutcome.Kind.WAITING, rev, "a cluster has not settled yet");
      }
    } finally {
      pool.shutdownNow();
    }
    applied.write(snap.revision());
    status.converged(rev);
    return new ReconcileOutcome(ReconcileOutcome.Kind.CONVERGED, rev, "");
  }

  private RolloutOutcome converge(ClusterDesired c, String rev, BooleanSupplier cancelled) throws InterruptedException {
    RolloutListener listener = status.listener(c.name(), c.nodes().stream().map(n -> n.hostname()).toList(), rev,
        notifications.listener(c.name(), rev, new MetricsListener(metrics, c.name(), new ConsoleProgress(out, c.name()))));
    try (ClusterSession s = new ClusterSession(c, talosPort, listener, Duration.ofMillis(500),
        new GrpcTalosClient.Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(15)))) {
      return s.converge(c, settleTimeout, cancelled);
    }
  }

  private void render(Snapshot snap, List<ClusterDesired> clusters, List<String> problems) {
    dev.plumb.render.talos.FleetRenderer.Result r = dev.plumb.render.talos.FleetRenderer.render(snap.tree(), sops,
        renderOptions);
    clusters.addAll(r.clusters());
    problems.addAll(r.problems());
  }


  private ReconcileOutcome stall(Snapshot snap, String reason, String message) {
    stalledAt = snap.revision();
    status.problem("GateFailed".equals(reason) ? "halted" : "stalled", snap.revision().id(), reason, message);
    out.println(reason + ": " + message);
    return new ReconcileOutcome(ReconcileOutcome.Kind.STALLED, snap.revision().id(), reason + ": " + message);
  }
}
