package dev.plumb.report.notify;

import dev.plumb.observe.LiveState;
import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;

/**
 * Turns one cluster's rollout into the four notified moments: the first wave started (rollout
 * started), a wave's gates passed, the rollout halted, the cluster converged. Queues and
 * returns at once; forwards every call to the next listener unchanged.
 */
final class NotifyingListener implements RolloutListener {
  private final Notifications notifications;
  private final String cluster;
  private final String revision;
  private final RolloutListener next;

  NotifyingListener(Notifications notifications, String cluster, String revision, RolloutListener next) {
    this.notifications = notifications;
    this.cluster = cluster;
    this.revision = revision;
    this.next = next;
  }

  @Override
  public void observed(ClusterDesired desired, LiveState live) {
    next.observed(desired, live);
  }

  @Override
  public void planned(Plan plan) {
    next.planned(plan);
  }

  @Override
  public void waveStarted(Wave wave) {
    notifications.publish(RolloutEvent.Kind.STARTED, cluster, revision, wave.name(),
        "rollout of " + shortRev() + " to cluster " + cluster + " started");
    next.waveStarted(wave);
  }

  @Override
  public void acted(Action action, String result) {
    next.acted(action, result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    notifications.publish(RolloutEvent.Kind.WAVE_PASSED, cluster, revision, wave.name(),
        "cluster " + cluster + ": wave '" + wave.name() + "' passed its gates (" + shortRev() + ")");
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
      notifications.publish(RolloutEvent.Kind.HALTED, cluster, revision, outcome.wave(),
          "cluster " + cluster + " " + outcome + " (" + shortRev() + ")");
    } else if (outcome.kind() == RolloutOutcome.Kind.CONVERGED) {
      notifications.publish(RolloutEvent.Kind.CONVERGED, cluster, revision, "",
          "cluster " + cluster + " converged at " + shortRev());
    }
    next.finished(outcome);
  }

  private String shortRev() {
    return revision.substring(0, Math.min(12, revision.length()));
  }
}
