package dev.plumb.daemon;

import dev.plumb.plan.Action;
import dev.plumb.plan.Wave;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import java.util.List;

/** Records rollout progress in the journal, and forwards it to another listener. */
public final class JournalListener implements RolloutListener {
  private final Journal journal;
  private final String cluster;
  private final String revision;
  private final RolloutListener next;

  public JournalListener(Journal journal, String cluster, String revision, RolloutListener next) {
    this.journal = journal;
    this.cluster = cluster;
    this.revision = revision;
    this.next = next;
  }

  @Override
  public void planned(dev.plumb.plan.Plan plan) {
    next.planned(plan);
  }

  @Override
  public void waveStarted(Wave wave) {
    journal.append(cluster, revision, "", "WaveStarted", wave.name());
    next.waveStarted(wave);
  }

  @Override
  public void acted(Action action, String result) {
    journal.append(cluster, revision, action.node(), "ActionApplied", action + ": " + result);
    next.acted(action, result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    List<String> nodes = wave.actions().stream().map(Action::node).toList();
    for (String n : nodes) {
      journal.append(cluster, revision, n, "GatePassed", wave.name());
    }
    next.gatesPassed(wave);
  }

  @Override
  public void waiting(String why) {
    next.waiting(why);
  }

  @Override
  public void finished(RolloutOutcome outcome) {
    journal.append(cluster, revision, outcome.node(), outcome.kind() == RolloutOutcome.Kind.CONVERGED
        ? "Converged" : outcome.kind() == RolloutOutcome.Kind.HALTED ? "GateFailed" : "RolloutStopped", outcome.toString());
    next.finished(outcome);
  }
}
