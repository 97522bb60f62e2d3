package dev.plumb.daemon;

import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;

/** The daemon's journal listener, reachable from tests in other packages. */
public final class JournalListenerForTests implements RolloutListener {
  private final JournalListener delegate;

  public JournalListenerForTests(Journal journal, RolloutListener next) {
    this.delegate = new JournalListener(journal, "demo", "0".repeat(40), next);
  }

  @Override
  public void planned(Plan plan) {
    delegate.planned(plan);
  }

  @Override
  public void waveStarted(Wave wave) {
    delegate.waveStarted(wave);
  }

  @Override
  public void acted(Action action, String result) {
    delegate.acted(action, result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    delegate.gatesPassed(wave);
  }

  @Override
  public void waiting(String why) {
    delegate.waiting(why);
  }

  @Override
  public void finished(RolloutOutcome outcome) {
    delegate.finished(outcome);
  }
}
