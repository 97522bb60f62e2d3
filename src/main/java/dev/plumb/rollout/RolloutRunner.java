package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.ClusterHistory;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Drives a cluster to its desired state, one step at a time: observe afresh, then either wait
 * for the gates of the wave in flight, or plan and act on the first wave. Before the first action
 * the whole plan is dry-run ({@link Preflight}): one refusal and nothing is applied; a change whose
 * predicted reboot Talos contradicts is re-planned with Talos's answer. Right before acting on a
 * control plane the quorum guard is checked again on a fresh observation, and a change it refuses
 * waits. A failed gate, or one that times out, halts the rollout and nothing further is touched.
 * Level-triggered: after a restart the planner sees a node that is still down and waits, so nothing
 * is skipped and no second node goes down.
 */
public final class RolloutRunner {
  /** Waits between observations; tests pass one that advances a simulated clock. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Makes a plan from a fresh observation: the planner, or a stand-in in tests. */
  interface Planning {
    Plan plan(ClusterDesired desired, LiveState live, ClusterHistory history);
  }

  private final Observer observer;
  private final Planning planner;
  private final Actuator actuator;
  private final RolloutListener listener;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final Duration poll;
  private final ExecutorService actions = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "rollout-action");
    t.setDaemon(true);
    return t;
  });

  public RolloutRunner(Observer observer, Planner planner, Actuator actuator, RolloutListener listener,
      InstantSource clock, Sleeper sleeper, Duration poll) {
    this(observer, planner::plan, actuator, listener, clock, sleeper, poll);
  }

  // visible for testing
  RolloutRunner(Observer observer, Planning planner, Actuator actuator, RolloutListener listener,
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
    return converge(desired, ClusterHistory.none(), settleTimeout, cancelled);
  }

  /** As above, with what plumb recorded about the cluster before (bootstrapped, provision asked). */
  public RolloutOutcome converge(ClusterDesired desired, ClusterHistory history, Duration settleTimeout,
      BooleanSupplier cancelled) throws InterruptedException {
    Preflight preflight = new Preflight(actuator, actions);
    Waiting waiting = new Waiting(settleTimeout);
    Wave inFlight = null;
    GateEvaluator gates = null;
    Map<String, Action> cordoned = new HashMap<>();
    boolean actedBefore = false;
    Map<String, byte[]> previous = new HashMap<>();
    while (!cancelled.getAsBoolean()) {
      LiveState live = inFlight == null ? observer.observe(desired) : observer.observe(desired, nodes(inFlight));
      if (inFlight != null) {
        confirmTries(desired, inFlight, gates, live);
        GateEvaluator.Verdict v = gates.evaluate(live, clock.instant());
        switch (v.result().state()) {
          case PASSED -> {
            // plan on this same observation: it is fresh, and saves a round trip per wave; but a
            // gated observation reads no manifests drift: a cluster with manifests observes again
            listener.gatesPassed(inFlight);
            cordoned.forEach((node, a) -> listener.acted(a, Uncordon.afterGates(observer.kube(), live, node)));
            cordoned.clear();
            inFlight = null;
            if (!desired.objects().isEmpty() || live.kube().reachable()) {
              continue; // observed again in full (no wait) before planning
            }
          }
          case FAILED -> {
            return finish(halted(inFlight.name(), v.node(), v.gate(),
                v.result().why() + rollback(desired, inFlight, previous) + staysCordoned(cordoned.keySet(), live)));
          }
          default -> {
            sleeper.sleep(poll);
            continue;
          }
        }
      }
      listener.observed(desired, live);
      Uncordon.recover(desired, live, Set.of(), observer.kube()).forEach(listener::waiting);
      Plan plan = planner.plan(desired, live, history.inFlight(actedBefore));
      if (plan.inSync()) {
        // the nodes are done; manifests the API could not take yet are said, not hidden
        return finish(new RolloutOutcome(RolloutOutcome.Kind.CONVERGED, "", "", null, plan.notes().stream()
            .filter(n -> n.startsWith("manifests: ") && n.contains("not applied")).findFirst().orElse("")));
      }
      Optional<String> wait = plan.waitReason();
      Wave wave = null;
      if (wait.isEmpty()) {
        PreflightReport report = preflight.check(desired, plan, live);
        if (!report.checks().isEmpty()) {
          listener.preflight(report);
        }
        if (!report.refused().isEmpty()) {
          return finish(halted(plan.waves().get(0).name(), report.refused().get(0).node(), Gate.PREFLIGHT,
              report + (actedBefore ? "; no further node was touched" : "; nothing was applied to any node")));
        }
        wave = preflight.replan(plan.waves().get(0), desired, live);
        wait = !report.unavailable().isEmpty() ? Optional.of(report.toString()) : quorumRecheck(desired, wave);
      }
      if (wait.isPresent()) {
        Optional<RolloutOutcome> tooLong = waiting.on(wait.get());
        if (tooLong.isPresent()) {
          return finish(tooLong.get());
        }
        sleeper.sleep(poll);
        continue;
      }
      waiting.reset();
      listener.planned(plan);
      listener.waveStarted(wave);
      previous.clear();
      for (Action a : wave.actions()) {
        live.node(a.node()).ifPresent(l -> previous.put(a.node(), l.config().reveal()));
      }
      boolean bootstrapped = live.nodes().stream().anyMatch(NodeLive::etcdMember)
          || wave.actions().stream().anyMatch(a -> a.kind() == Action.Kind.BOOTSTRAP);
      List<GateEvaluator.Tracked> tracked = new ArrayList<>();
      Optional<RolloutOutcome> failed = act(desired, wave, live, preflight, tracked, cancelled);
      if (failed.isPresent()) {
        return finish(failed.get());
      }
      actedBefore |= !tracked.isEmpty();
      tracked.stream().filter(t -> t.acted().cordoned()).forEach(t -> cordoned.put(t.action().node(), t.action()));
      if (!tracked.isEmpty()) {
        inFlight = new Wave(wave.name(), tracked.stream().map(GateEvaluator.Tracked::action).toList());
        gates = new GateEvaluator(desired, tracked, bootstrapped, observer.kube());
      }
      sleeper.sleep(poll);
    }
    return finish(new RolloutOutcome(RolloutOutcome.Kind.CANCELLED, "", "", null, ""));
  }

  /**
   * The actions of a wave go out together: the wave lasts as long as its slowest node. The ones
   * that were done land in {@code tracked}; one a node cannot take now, or that Talos refuses
   * without a reboot, is planned again on the next observation.
   */
  private Optional<RolloutOutcome> act(ClusterDesired desired, Wave wave, LiveState live, Preflight preflight,
      List<GateEvaluator.Tracked> tracked, BooleanSupplier cancelled) {
    List<CompletableFuture<Acted>> results = new ArrayList<>();
    for (Action a : wave.actions()) {
      results.add(CompletableFuture.supplyAsync(() -> actuator.act(desired, a, live, cancelled), actions));
    }
    // every action of the wave is waited for, even after one halts it: none goes on unseen
    RolloutOutcome halt = null;
    for (int i = 0; i < results.size(); i++) {
      Action a = wave.actions().get(i);
      try {
        Acted done = results.get(i).join();
        tracked.add(new GateEvaluator.Tracked(a, done, clock.instant()));
        listener.acted(a, done.summary());
      } catch (CompletionException ce) {
        if (ce.getCause() instanceof NotYetException e) {
          listener.waiting(e.getMessage());
        } else if (ce.getCause() instanceof RebootNeededException e) {
          preflight.needsReboot(desired, live, a);
          listener.waiting(e.getMessage() + "; re-planned as a reboot");
        } else if (ce.getCause() instanceof HaltException e) {
          halt = halt != null ? halt : halted(wave.name(), a.node(), e.gate(), e.getMessage());
        } else if (ce.getCause() instanceof TalosException e) {
          halt = halt != null ? halt : halted(wave.name(), a.node(), Gate.NODE_ANSWERS,
              "action failed: " + Actuator.withoutDiff(e.getMessage()));
        } else {
          throw ce;
        }
      }
    }
    if (halt == null) {
      return Optional.empty();
    }
    Set<String> cordoned = tracked.stream().filter(t -> t.acted().cordoned()).map(t -> t.action().node())
        .collect(Collectors.toSet());
    return Optional.of(halted(halt.wave(), halt.node(), halt.gate(), halt.why() + staysCordoned(cordoned, live)));
  }

  /**
   * The quorum guard again, on a fresh observation, right before a control plane's config or
   * version changes (issue 8): the cluster may have changed since the plan was made.
   */
  private Optional<String> quorumRecheck(ClusterDesired desired, Wave wave) {
    List<Action> cps = wave.actions().stream().filter(a -> a.controlPlane()
        && (a.kind() == Action.Kind.APPLY_CONFIG || a.kind() == Action.Kind.UPGRADE)).toList();
    if (cps.isEmpty()) {
      return Optional.empty();
    }
    LiveState fresh = observer.observe(desired);
    for (Action a : cps) {
      Optional<String> risk = Planner.quorumRisk(desired, fresh, a.node());
      if (risk.isPresent()) {
        return Optional.of("quorum guard, checked again right before changing " + a.node() + ": " + risk.get());
      }
    }
    return Optional.empty();
  }

  /** Confirms every TRY config that its node now answers with, before Talos reverts it. */
  private void confirmTries(ClusterDesired desired, Wave inFlight, GateEvaluator gates, LiveState live) {
    for (String node : gates.toConfirm(live)) {
      Action a = inFlight.actions().stream().filter(x -> x.node().equals(node)).findFirst().orElseThrow();
      try {
        listener.acted(a, actuator.confirmTry(desired, node));
        gates.confirmed(node);
      } catch (TalosException e) {
        listener.waiting(node + ": could not confirm the tried config yet: " + Actuator.withoutDiff(e.getMessage()));
      }
    }
  }

  /** With {@code onFailure: rollback}, re-applies the previous config of the wave's changed nodes. */
  private String rollback(ClusterDesired desired, Wave wave, Map<String, byte[]> previous) {
    if (!desired.policy().rollback()) {
      return "";
    }
    List<String> done = new ArrayList<>();
    for (Action a : wave.actions()) {
      byte[] before = previous.get(a.node());
      if (a.kind() == Action.Kind.APPLY_CONFIG && before != null && before.length > 0) {
        try {
          listener.acted(a, actuator.rollback(desired, a.node(), before));
          done.add(a.node());
        } catch (TalosException e) {
          return "; rollback of " + a.node() + " failed: " + Actuator.withoutDiff(e.getMessage());
        }
      }
    }
    return done.isEmpty() ? "" : "; rolled back " + String.join(", ", done) + " to the previous config";
  }

  /** The halt message's word on the wave's Nodes plumb cordoned: they stay cordoned, a human decides. */
  private static String staysCordoned(Set<String> hosts, LiveState live) {
    if (hosts.isEmpty()) {
      return "";
    }
    List<String> nodes = hosts.stream().sorted().map(h -> DrainStep.nodeName(live, h)).toList();
    return "; " + String.join(", ", nodes) + (nodes.size() == 1 ? " stays" : " stay") + " cordoned (annotation "
        + dev.plumb.kube.NodeCordon.ANNOTATION + "): uncordon by hand once fixed, or plumb does when a later"
        + " reconcile finds the node healthy on its desired config";
  }

  private static Set<String> nodes(Wave w) {
    return w.actions().stream().map(Action::node).collect(Collectors.toSet());
  }

  private static RolloutOutcome halted(String wave, String node, Gate gate, String why) {
    return new RolloutOutcome(RolloutOutcome.Kind.HALTED, wave, node, gate, why);
  }

  private RolloutOutcome finish(RolloutOutcome o) {
    listener.finished(o);
    return o;
  }

  /** How long the rollout has waited without acting, and the last reason it told the listener. */
  private final class Waiting {
    private final Duration limit;
    private Instant since;
    private String last = "";

    Waiting(Duration limit) {
      this.limit = limit;
    }

    /** Reports a new reason; the outcome when the wait has lasted longer than the limit. */
    Optional<RolloutOutcome> on(String why) {
      since = since == null ? clock.instant() : since;
      if (!why.equals(last)) {
        listener.waiting(why);
        last = why;
      }
      if (Duration.between(since, clock.instant()).compareTo(limit) > 0) {
        return Optional.of(new RolloutOutcome(RolloutOutcome.Kind.TIMED_OUT, "", "", null, why));
      }
      return Optional.empty();
    }

    void reset() {
      since = null;
      last = "";
    }
  }
}
