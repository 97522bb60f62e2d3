package dev.plumb.daemon;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;

/** Feeds one cluster's rollout into {@link PlumbMetrics}, then forwards each call. */
final class MetricsListener implements RolloutListener {
  private final PlumbMetrics metrics;
  private final String cluster;
  private final RolloutListener next;

  MetricsListener(PlumbMetrics metrics, String cluster, RolloutListener next) {
    this.metrics = metrics;
    this.cluster = cluster;
    this.next = next;
  }

  @Override
  public void observed(ClusterDesired desired, LiveState live) {
    int drifting = 0;
    int up = 0;
    for (NodeConfig n : desired.nodes()) {
      NodeLive l = live.node(n.hostname()).orElse(null);
      if (l == null || !n.sha256().equals(l.configSha())) {
        drifting++;
      }
      if (l != null && l.reach() == Reach.UP) {
        up++;
      }
    }
    metrics.drift(cluster, drifting, up);
    next.observed(desired, live);
  }

  @Override
  public void planned(Plan plan) {
    next.planned(plan);
  }

  @Override
  public void waveStarted(Wave wave) {
    metrics.waveStarted(cluster);
    next.waveStarted(wave);
  }

  @Override
  public void acted(Action action, String result) {
    next.acted(action, result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    next.gatesPassed(wave);
  }

  @Override
  public void preflight(dev.plumb.rollout.PreflightReport report) {
    next.preflight(report);
  }

  @Override
  public void waiting(String why) {
    next.waiting(why);
  }

  @Override
  public void finished(RolloutOutcome outcome) {
    if (outcome.kind() == RolloutOutcome.Kind.HALTED) {
      metrics.gateFailed(cluster);
    }
    next.finished(outcome);
  }
}
