package dev.plumb.rollout;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.TalosException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The dry runs of a rollout (issue 8, "preflight the whole plan"): before the first action, every
 * change of every wave of the plan is dry-run on its node, in parallel; later waves dry-run only
 * the changes not checked yet (a change is the node, its desired config, and the config and
 * version it runs). Remembers whether Talos said each config change needs a reboot, so that a wave
 * whose prediction disagrees is re-planned with Talos's answer, and records a reboot Talos asked
 * for by refusing a NO_REBOOT apply.
 */
final class Preflight {
  private final Actuator actuator;
  private final Executor pool;
  private final Map<String, PreflightReport.Check> accepted = new HashMap<>();
  private final Map<String, Boolean> talosReboots = new HashMap<>();

  Preflight(Actuator actuator, Executor pool) {
    this.actuator = actuator;
    this.pool = pool;
  }

  /** Dry-runs every action of the plan not checked before; the report holds the new checks only. */
  PreflightReport check(ClusterDesired desired, Plan plan, LiveState live) {
    List<Action> todo = new ArrayList<>();
    for (Wave w : plan.waves()) {
      for (Action a : w.actions()) {
        if (!accepted.containsKey(key(desired, live, a))) {
          todo.add(a);
        }
      }
    }
    List<CompletableFuture<Ran>> runs = new ArrayList<>();
    for (Action a : todo) {
      runs.add(CompletableFuture.supplyAsync(() -> check(desired, a), pool));
    }
    List<PreflightReport.Check> checks = new ArrayList<>();
    for (int i = 0; i < todo.size(); i++) {
      Ran r = runs.get(i).join();
      Action a = todo.get(i);
      checks.add(r.check());
      if (r.check().result() == PreflightReport.Check.Result.ACCEPTED
          || r.check().result() == PreflightReport.Check.Result.SKIPPED) {
        accepted.put(key(desired, live, a), r.check());
      }
      if (a.kind() == Action.Kind.APPLY_CONFIG && r.mode() != null) {
        talosReboots.put(key(desired, live, a), r.mode() == ApplyMode.REBOOT);
      }
    }
    return new PreflightReport(checks);
  }

  /**
   * The wave with each config change's reboot set to Talos's answer where it differs from the
   * prediction: a change predicted without reboot that Talos says needs one becomes a reboot (and
   * so passes the quorum guard before it acts), and the other way round.
   */
  Wave replan(Wave wave, ClusterDesired desired, LiveState live) {
    List<Action> out = new ArrayList<>();
    for (Action a : wave.actions()) {
      Boolean talos = a.kind() == Action.Kind.APPLY_CONFIG ? talosReboots.get(key(desired, live, a)) : null;
      if (talos == null || talos == a.reboots()) {
        out.add(a);
      } else {
        String why = talos ? "(predicted no reboot; Talos says it needs one)" : "(predicted a reboot; Talos says none)";
        out.add(new Action(a.kind(), a.node(), a.controlPlane(), talos, a.detail().isEmpty() ? why : a.detail() + " " + why,
            a.stageConfig(), a.networkChange()));
      }
    }
    return new Wave(wave.name(), out);
  }

  /** Talos refused to apply this change without a reboot: it is a reboot from now on. */
  void needsReboot(ClusterDesired desired, LiveState live, Action a) {
    talosReboots.put(key(desired, live, a), true);
  }

  /** A check and the mode Talos answered with (null when there was no answer). */
  private record Ran(PreflightReport.Check check, ApplyMode mode) {}

  private Ran check(ClusterDesired desired, Action a) {
    String action = a.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (a.stageConfig() ? " (staged config)" : "");
    try {
      Optional<ApplyResult> r = actuator.dryRun(desired, a);
      if (r.isEmpty()) {
        return new Ran(new PreflightReport.Check(a.node(), action, "", PreflightReport.Check.Result.SKIPPED,
            "sends no config"), null);
      }
      String mode = mode(a, r.get().mode());
      return new Ran(new PreflightReport.Check(a.node(), action, mode, PreflightReport.Check.Result.ACCEPTED, ""),
          r.get().mode());
    } catch (TalosException e) {
      PreflightReport.Check.Result result = switch (e.kind()) {
        case UNREACHABLE, TIMEOUT, PRECONDITION -> PreflightReport.Check.Result.UNAVAILABLE;
        case UNIMPLEMENTED -> PreflightReport.Check.Result.SKIPPED;
        default -> PreflightReport.Check.Result.REFUSED;
      };
      return new Ran(new PreflightReport.Check(a.node(), action, "", result, Actuator.withoutDiff(e.getMessage())),
          null);
    }
  }

  /** How the dry run's mode reads, and for a config change whether it disagrees with the prediction. */
  private String mode(Action a, ApplyMode m) {
    return switch (a.kind()) {
      case APPLY_CONFIG -> {
        boolean reboots = m == ApplyMode.REBOOT;
        String said = reboots ? "reboot" : "no reboot";
        yield reboots == a.reboots() ? said : said + ", predicted " + (a.reboots() ? "a reboot" : "none") + ": re-planned";
      }
      case UPGRADE -> "staged";
      default -> ""; // maintenance mode answers no mode: the node installs and reboots
    };
  }

  /** What a dry run's answer holds for: the node, its desired config, and the config and version it runs. */
  private static String key(ClusterDesired desired, LiveState live, Action a) {
    if (a.node().isEmpty()) {
      return a.kind() + "|" + a.detail(); // a cluster-wide step (manifests): no node, no config
    }
    NodeConfig n = desired.nodes().stream().filter(x -> x.hostname().equals(a.node())).findFirst().orElseThrow();
    NodeLive l = live.node(a.node()).orElseThrow();
    return a.kind() + "|" + a.node() + "|" + n.sha256() + "|" + l.configSha() + "|" + l.version() + "|" + a.stageConfig();
  }
}
