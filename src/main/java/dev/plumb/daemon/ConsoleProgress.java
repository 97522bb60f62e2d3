package dev.plumb.daemon;

import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints rollout progress for a person: one line per plan, wave, action and gate. */
public final class ConsoleProgress implements RolloutListener {
  private final PrintStream out;
  private final String cluster;
  private final Instant start = Instant.now();

  public ConsoleProgress(PrintStream out, String cluster) {
    this.out = out;
    this.cluster = cluster;
  }

  private void line(String s) {
    long ms = Duration.between(start, Instant.now()).toMillis();
    out.printf("[%6.1fs] %s: %s%n", ms / 1000.0, cluster, s);
  }

  @Override
  public void planned(Plan plan) {
    line("plan: " + plan.waves().size() + " wave(s): " + String.join(" | ", plan.waves().stream().map(Wave::name).toList()));
  }

  @Override
  public void waveStarted(Wave wave) {
    line("wave '" + wave.name() + "'");
  }

  @Override
  public void acted(Action action, String result) {
    line("  " + action + ": " + result);
  }

  @Override
  public void gatesPassed(Wave wave) {
    line("  gates passed: " + wave.name());
  }

  @Override
  public void preflight(dev.plumb.rollout.PreflightReport report) {
    line(report.toString());
  }

  @Override
  public void waiting(String why) {
    line("waiting: " + why);
  }

  @Override
  public void finished(RolloutOutcome outcome) {
    line(outcome.toString());
  }
}
