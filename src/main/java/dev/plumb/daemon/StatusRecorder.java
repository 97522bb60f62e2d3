package dev.plumb.daemon;

import dev.plumb.daemon.StatusStore.ClusterRow;
import dev.plumb.daemon.StatusStore.NodeRow;
import dev.plumb.fleet.PlumbException;
import dev.plumb.report.StatusReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that turns what the daemon did into status and journal events. It journals
 * transitions, never repetitions: an idle poll changes nothing and appends nothing, a wait that
 * goes on is one event, a halt is one event until something changes. After each change it
 * rewrites {@code status.json} in the state directory (atomically), which {@code plumb status}
 * and scripts read without opening the database.
 */
public final class StatusRecorder {
  private static final String STATUS_FILE = dev.plumb.report.StatusFiles.NAME;
  private static final int PRUNE_EVERY = 500;

  private final Journal journal;
  private final StatusStore store;
  private final ClusterState state;
  private final AppliedRevision applied;
  private final Path stateDir;
  private final Retention retention;
  private final Map<String, ClusterRow> clusters = new HashMap<>();
  private final Map<String, NodeRow> nodes = new HashMap<>();
  private int appendedSincePrune;
  private boolean dirty;

  public StatusRecorder(Journal journal, Path stateDir, Retention retention) {
    this.journal = journal;
    this.store = new StatusStore(journal);
    this.state = new ClusterState(journal);
    this.applied = new AppliedRevision(stateDir);
    this.stateDir = stateDir;
    this.retention = retention;
    clusters.putAll(store.clusters());
    store.nodes().forEach(n -> nodes.put(n.cluster() + "/" + n.node(), n));
    journal.prune(retention);
  }

  public Journal journal() {
    return journal;
  }

  /** The durable per-cluster facts: applied revision, halt, bootstrap. */
  public ClusterState state() {
    return state;
  }

  /** Daemon lifecycle and other one-off events: always journaled. */
  public synchronized void event(String type, String message) {
    append("", "", "", type, message);
    flush();
  }

  /** A reconcile of {@code rev} begins; journaled only when the revision is new. */
  public synchronized void reconcileStarted(String rev) {
    ClusterRow f = fleet();
    if (!rev.equals(f.revision())) {
      append("", rev, "", "ReconcileStarted", "revision " + rev.substring(0, Math.min(12, rev.length())));
      putFleet(new ClusterRow("", "reconciling", rev, "", f.reason(), f.message(), now()));
    }
  }

  /** Every cluster converged at {@code rev}. */
  public synchronized void converged(String rev) {
    ClusterRow f = fleet();
    if (!"converged".equals(f.phase()) || !rev.equals(f.revision())) {
      append("", rev, "", "ReconcileFinished", "converged at " + rev.substring(0, Math.min(12, rev.length())));
      putFleet(new ClusterRow("", "converged", rev, "", "", "", now()));
    }
  }

  /** Some cluster has not settled yet; the next poll goes on. */
  public synchronized void waiting(String rev, String why) {
    ClusterRow f = fleet();
    if (!"reconciling".equals(f.phase()) || !rev.equals(f.revision())) {
      putFleet(new ClusterRow("", "reconciling", rev, why, f.reason(), f.message(), now()));
    }
  }

  /**
   * Nothing more happens until a new commit ({@code stalled}/{@code halted}) or a retry
   * ({@code failing}): journaled when the phase, revision or reason changes.
   */
  public synchronized void problem(String phase, String rev, String reason, String message) {
    ClusterRow f = fleet();
    if (!phase.equals(f.phase()) || !rev.equals(f.revision()) || !reason.equals(f.reason())
        || !message.equals(f.message())) {
      append("", rev, "", reason, message);
      putFleet(new ClusterRow("", phase, rev.isEmpty() ? f.revision() : rev, "", reason, message, now()));
    }
  }

  /** A cluster was suspended or resumed by request: journaled, and shown as its phase. */
  public synchronized void suspended(String cluster, boolean on) {
    ClusterRow c = cluster(cluster);
    append(cluster, c.revision(), "", on ? "Suspended" : "Resumed", on ? "rollouts suspended on request"
        : "rollouts resumed on request");
    putCluster(new ClusterRow(cluster, on ? "suspended" : "reconciling", c.revision(), "", "", "", now()));
    flush();
  }

  /** The whole current status, for the status API. */
  public synchronized StatusReport report() {
    return store.report(applied.read().map(r -> r.id()).orElse(""), 20);
  }

  /** The listener that records one cluster's rollout of {@code rev}. */
  public JournalListener listener(String cluster, java.util.List<String> nodeNames, String rev,
      dev.plumb.rollout.RolloutListener next) {
    return new JournalListener(this, cluster, nodeNames, rev, next);
  }

  // --- used by JournalListener

  synchronized ClusterRow cluster(String name) {
    return clusters.getOrDefault(name, new ClusterRow(name, "", "", "", "", "", ""));
  }

  synchronized NodeRow node(String cluster, String node) {
    return nodes.getOrDefault(cluster + "/" + node, new NodeRow(cluster, node, "", "", "", ""));
  }

  synchronized void putCluster(ClusterRow r) {
    clusters.put(r.cluster(), r);
    store.put(r);
    dirty = true;
  }

  synchronized void putNode(NodeRow r) {
    nodes.put(r.cluster() + "/" + r.node(), r);
    store.put(r);
    dirty = true;
  }

  /** Forgets the nodes of {@code cluster} that Git no longer declares. */
  synchronized void retainNodes(String cluster, java.util.Collection<String> names) {
    nodes.values().removeIf(n -> {
      boolean gone = n.cluster().equals(cluster) && !names.contains(n.node());
      if (gone) {
        store.delete(n);
        dirty = true;
      }
      return gone;
    });
  }

  /** Rewrites status.json when anything changed since the last call. */
  public synchronized void flush() {
    if (dirty) {
      dirty = false;
      publish();
    }
  }

  synchronized void append(String cluster, String rev, String node, String type, String message) {
    journal.append(cluster, rev, node, type, message);
    if (++appendedSincePrune >= PRUNE_EVERY) {
      appendedSincePrune = 0;
      journal.prune(retention);
    }
  }

  String now() {
    return Journal.AT.format(journal.now());
  }

  private ClusterRow fleet() {
    return cluster("");
  }

  private void putFleet(ClusterRow r) {
    putCluster(r);
    flush();
  }

  /** Rewrites status.json from the tables: write a temporary file, force it, rename it. */
  private void publish() {
    StatusReport report = store.report(applied.read().map(r -> r.id()).orElse(""), 20);
    Path file = stateDir.resolve(STATUS_FILE);
    try {
      AtomicFiles.write(file, dev.plumb.report.StatusFiles.toJson(report));
    } catch (IOException e) {
      throw new PlumbException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
