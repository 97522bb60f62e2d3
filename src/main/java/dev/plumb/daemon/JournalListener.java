package dev.plumb.daemon;

import dev.plumb.daemon.StatusStore.ClusterRow;
import dev.plumb.daemon.StatusStore.NodeRow;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import java.util.List;
import java.util.Set;

/**
 * Records one cluster's rollout in the journal and in the status tables, then forwards each call
 * to another listener. Per node it keeps the revision whose config the node runs and how that is
 * known: {@code applying} once an action went out, {@code gate-passed} once its wave's gates
 * passed, {@code observed} when an observation before planning shows it on the desired config
 * (how a node whose apply was in flight when the daemon died is settled after the restart), and
 * {@code gate-failed}. Waits are journaled once per distinct reason.
 */
public final class JournalListener implements RolloutListener {
  private static final Set<String> SETTLED = Set.of("gate-passed", "observed");
  private final StatusRecorder rec;
  private final String cluster;
  private final List<String> nodeNames;
  private final String revision;
  private final RolloutListener next;

  JournalListener(StatusRecorder rec, String cluster, List<String> nodeNames, String revision, RolloutListener next) {
    this.rec = rec;
    this.cluster = cluster;
    this.nodeNames = List.copyOf(nodeNames);
    this.revision = revision;
    this.next = next;
  }

  @Override
  public void observed(ClusterDesired desired, LiveState live) {
    for (NodeConfig want : desired.nodes()) {
      NodeLive n = live.node(want.hostname()).orElse(null);
      NodeRow row = rec.node(cluster, want.hostname());
      if (n == null || !want.sha256().equals(n.configSha())
          || (revision.equals(row.revision()) && SETTLED.contains(row.state()))) {
        continue;
      }
      if (!SETTLED.contains(row.state())) {
        rec.append(cluster, revision, want.hostname(), "NodeObserved", "runs the config of " + shortRev());
      }
      rec.putNode(new NodeRow(cluster, want.hostname(), revision, "observed", "runs the config of " + shortRev(), rec.now()));
    }
    rec.flush();
    next.observed(desired, live);
  }

  @Override
  public void planned(Plan plan) {
    setCluster("reconciling", "", "");
    rec.flush();
    next.planned(plan);
  }

  @Override
  public void waveStarted(Wave wave) {
    rec.append(cluster, revision, "", "WaveStarted", wave.name());
    // the intent goes to disk before the actions go out: a restart knows what may be in flight
    for (Action a : wave.actions()) {
      rec.append(cluster, revision, a.node(), InFlight.INTENT, a.toString());
    }
    rec.flush();
    next.waveStarted(wave);
  }

  @Override
  public void acted(Action action, String result) {
    rec.append(cluster, revision, action.node(), "ActionApplied", action + ": " + result);
    if (action.kind() == Action.Kind.BOOTSTRAP) {
      rec.state().bootstrapped(cluster, revision, rec.now());
      rec.append(cluster, revision, action.node(), "Bootstrapped", "etcd bootstrapped on " + action.node()
          + "; plumb never bootstraps " + cluster + " again");
    }
    rec.putNode(new NodeRow(cluster, row(action.node()), revision, "applying", action + ": " + result, rec.now()));
    rec.flush();
    next.acted(action, result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    for (Action a : wave.actions()) {
      rec.append(cluster, revision, a.node(), "GatePassed", wave.name());
      rec.putNode(new NodeRow(cluster, row(a.node()), revision, "gate-passed", "gates of wave '" + wave.name() + "' passed",
          rec.now()));
    }
    rec.flush();
    next.gatesPassed(wave);
  }

  @Override
  public void preflight(dev.plumb.rollout.PreflightReport report) {
    if (!report.passed()) {
      rec.append(cluster, revision, "", "PreflightRefused", report.toString());
      rec.flush();
    }
    next.preflight(report);
  }

  @Override
  public void waiting(String why) {
    ClusterRow c = rec.cluster(cluster);
    if (!why.equals(c.waiting()) || !revision.equals(c.revision())) {
      rec.append(cluster, revision, "", "Waiting", why);
      setCluster("waiting", why, "");
    }
    rec.flush();
    next.waiting(why);
  }

  @Override
  public void finished(RolloutOutcome outcome) {
    switch (outcome.kind()) {
      case CONVERGED -> converged(outcome.why());
      case HALTED -> {
        ClusterRow c = rec.cluster(cluster);
        if (!"halted".equals(c.phase()) || !revision.equals(c.revision()) || !outcome.toString().equals(c.message())) {
          rec.append(cluster, revision, outcome.node(), "GateFailed", outcome.toString());
        }
        rec.putNode(new NodeRow(cluster, row(outcome.node()), revision, "gate-failed", outcome.why(), rec.now()));
        setCluster("halted", "", outcome.toString());
        rec.state().halted(cluster, revision, outcome.toString());
      }
      case TIMED_OUT -> {
        ClusterRow c = rec.cluster(cluster);
        if (!"waiting".equals(c.phase()) || !outcome.why().equals(c.waiting())) {
          rec.append(cluster, revision, "", "Waiting", outcome.why());
        }
        setCluster("waiting", outcome.why(), "did not settle in time; next poll tries again");
      }
      case CANCELLED -> rec.append(cluster, revision, "", "Interrupted", "stopped between steps; what was sent"
          + " is taken over by observation at the next start");
      default -> throw new IllegalStateException("unhandled: " + outcome.kind());
    }
    rec.flush();
    next.finished(outcome);
  }

  /** The status row of a step: its node, or {@value #MANIFESTS_ROW} for the cluster-wide manifests step (no node). */
  private static String row(String node) {
    return node.isEmpty() ? MANIFESTS_ROW : node;
  }

  static final String MANIFESTS_ROW = "(manifests)";

  private void converged(String pending) {
    ClusterRow c = rec.cluster(cluster);
    if (!"converged".equals(c.phase()) || !revision.equals(c.revision()) || !pending.equals(c.message())) {
      rec.append(cluster, revision, "", "Converged", "converged at " + shortRev()
          + (pending.isEmpty() ? "" : "; " + pending));
      setCluster("converged", "", pending);
    }
    rec.state().converged(cluster, revision);
    rec.retainNodes(cluster, nodeNames);
    for (String n : nodeNames) {
      NodeRow row = rec.node(cluster, n);
      if (!revision.equals(row.revision()) || !SETTLED.contains(row.state())) {
        rec.putNode(new NodeRow(cluster, n, revision, "observed", "runs the config of " + shortRev(), rec.now()));
      }
    }
  }

  private void setCluster(String phase, String waiting, String message) {
    ClusterRow c = rec.cluster(cluster);
    if (!phase.equals(c.phase()) || !waiting.equals(c.waiting()) || !revision.equals(c.revision())
        || !message.equals(c.message())) {
      rec.putCluster(new ClusterRow(cluster, phase, revision, waiting, "", message, rec.now()));
    }
  }

  private String shortRev() {
    return revision.substring(0, Math.min(12, revision.length()));
  }
}
