package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;

/**
 * Drives a cluster to its desired state, one step at a time: observe afresh, then either wait
 * for the gates of the wave in flight, or plan and act on the first wave. A failed gate, or one
 * that times out, halts the rollout and nothing further is touched. Level-triggered: after a
 * restart the planner sees a node that is still down and waits, so nothing is skipped and no
 * second node goes down.
 */
public final class RolloutRunner {
  /** Waits between observations; tests pass one that advances a simulated clock. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Observer observer;
  private final Planner planner;
  private final Actuator actuator;
  private final RolloutListener listener;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final Duration poll;
  private final java.util.concurrent.ExecutorService actions = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "rollout-action");
    t.setDaemon(true);
    return t;
  });

  public RolloutRunner(Observer observer, Planner planner, Actuator actuator, RolloutListener listener,
      InstantSource clock, Sleeper sleeper, Duration poll) {
    this.observer = observer;
    this.planner = planner;
    this.actuator = actuator;
    this.listener = listener;
    this.clock = clock;
    this.sleeper = sleeper;
    this.poll = poll;
  }

  /** Runs until converged, halted, {@code settleTimeout} of waiting without acting, or cancelled. */
  public RolloutOutcome converge(ClusterDesired desired, Duration settleTimeout, BooleanSupplier cancelled)
      throws InterruptedException {
    return converge(desired, dev.plumb.plan.ClusterHistory.none(), settleTimeout, cancelled);
  }

  /** As above, with what plumb recorded about the cluster before (bootstrapped, provision asked). */
  public RolloutOutcome converge(ClusterDesired desired, dev.plumb.plan.ClusterHistory history, Duration settleTimeout,
      BooleanSupplier cancelled) throws InterruptedException {
    Wave inFlight = null;
    GateEvaluator gates = null;
    Instant deadline = null;
    Instant waitingSince = null;
    String lastWait = "";
    java.util.Map<String, byte[]> previous = new java.util.HashMap<>();
    while (!cancelled.getAsBoolean()) {
      LiveState live = inFlight == null ? observer.observe(desired)
          : observer.observe(desired, inFlight.actions().stream().map(Action::node).collect(java.util.stream.Collectors.toSet()));
      if (inFlight != null) {
        GateEvaluator.Verdict v = gates.evaluate(live);
        switch (v.result().state()) {
          case PASSED -> {
            // plan on this same observation: it is fresh, and saves a round trip per wave
            listener.gatesPassed(inFlight);
            inFlight = null;
          }
          case FAILED -> {
            return finish(new RolloutOutcome(RolloutOutcome.Kind.HALTED, inFlight.name(), v.node(), v.gate(),
                v.result().why() + rollback(desired, inFlight, previous)));
          }
          default -> {
            if (clock.instant().isAfter(deadline)) {
              return finish(new RolloutOutcome(RolloutOutcome.Kind.HALTED, inFlight.name(), v.node(), v.gate(),
                  "timed out after " + desired.policy().gateTimeout().toSeconds() + "s: " + v.result().why()
                      + rollback(desired, inFlight, previous)));
            }
            sleeper.sleep(poll);
            continue;
          }
        }
      }
      listener.observed(desired, live);
      Plan plan = planner.plan(desired, live, history);
      if (plan.inSync()) {
        return finish(RolloutOutcome.converged());
      }
      if (plan.waitReason().isPresent()) {
        String why = plan.waitReason().get();
        waitingSince = waitingSince == null ? clock.instant() : waitingSince;
        if (!why.equals(lastWait)) {
          listener.waiting(why);
          lastWait = why;
        }
        if (Duration.between(waitingSince, clock.instant()).compareTo(settleTimeout) > 0) {
          return finish(new RolloutOutcome(RolloutOutcome.Kind.TIMED_OUT, "", "", null, why));
        }
        sleeper.sleep(poll);
        continue;
      }
      waitingSince = null;
      lastWait = "";
      listener.planned(plan);
      Wave wave = plan.waves().get(0);
      boolean bootstrapped = live.nodes().stream().anyMatch(n -> n.etcdMember());
      listener.waveStarted(wave);
      boolean notYet = false;
      previous.clear();
      for (Action a : wave.actions()) {
        live.node(a.node()).ifPresent(l -> previous.put(a.node(), l.config().reveal()));
      }
      // the actions of a wave go out together: the wave lasts as long as its slowest node
      java.util.List<java.util.concurrent.CompletableFuture<String>> results = new java.util.ArrayList<>();
      for (Action a : wave.actions()) {
        results.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> actuator.act(desired, a), actions));
      }
      for (int i = 0; i < results.size(); i++) {
        Action a = wave.actions().get(i);
        try {
          listener.acted(a, results.get(i).join());
        } catch (java.util.concurrent.CompletionException ce) {
          if (ce.getCause() instanceof NotYetException e) {
            listener.waiting(e.getMessage());
            notYet = true;
          } else if (ce.getCause() instanceof TalosException e) {
            return finish(new RolloutOutcome(RolloutOutcome.Kind.HALTED, wave.name(), a.node(), Gate.NODE_ANSWERS,
                "action failed: " + e.getMessage()));
          } else {
            throw ce;
          }
        }
      }
      if (notYet) {
        sleeper.sleep(poll);
        continue;
      }
      inFlight = wave;
      gates = new GateEvaluator(desired, wave.actions(), bootstrapped || wave.actions().stream()
          .anyMatch(a -> a.kind() == Action.Kind.BOOTSTRAP));
      deadline = clock.instant().plus(desired.policy().gateTimeout());
      sleeper.sleep(poll);
    }
    return finish(new RolloutOutcome(RolloutOutcome.Kind.CANCELLED, "", "", null, ""));
  }

  /** With {@code onFailure: rollback}, re-applies the previous config of the wave's changed nodes. */
  private String rollback(ClusterDesired desired, Wave wave, java.util.Map<String, byte[]> previous) {
    if (!desired.policy().rollback()) {
      return "";
    }
    java.util.List<String> done = new java.util.ArrayList<>();
    for (Action a : wave.actions()) {
      byte[] before = previous.get(a.node());
      if (a.kind() == Action.Kind.APPLY_CONFIG && before != null && before.length > 0) {
        try {
          listener.acted(a, actuator.rollback(desired, a.node(), before));
          done.add(a.node());
        } catch (TalosException e) {
          return "; rollback of " + a.node() + " failed: " + e.getMessage();
        }
      }
    }
    return done.isEmpty() ? "" : "; rolled back " + String.join(", ", done) + " to the previous config";
  }

  private RolloutOutcome finish(RolloutOutcome o) {
    listener.finished(o);
    return o;
  }
}
