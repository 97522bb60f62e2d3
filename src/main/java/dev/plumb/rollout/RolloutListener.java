package dev.plumb.rollout;

import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;

/** Progress of a rollout, for the daemon to turn into logs, journal events and status. */
public interface RolloutListener {
  /** A fresh observation that the next plan is made from (never one taken while a wave's gates are pending). */
  default void observed(dev.plumb.render.ClusterDesired desired, dev.plumb.observe.LiveState live) {}

  default void planned(Plan plan) {}

  /**
   * The dry runs made before acting: the whole plan before its first action, then any change not
   * checked yet. A refusal halts the rollout before anything is applied.
   */
  default void preflight(PreflightReport report) {}

  default void waveStarted(Wave wave) {}

  default void acted(Action action, String result) {}

  default void gatesPassed(Wave wave) {}

  default void waiting(String why) {}

  default void finished(RolloutOutcome outcome) {}
}
