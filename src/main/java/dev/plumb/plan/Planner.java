package dev.plumb.plan;

import dev.plumb.observe.DeclaredIdentity;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Desired x live -> plan; pure. The order is fixed: first provisioning of machines in maintenance
 * mode that may get a config ({@link Provisioning}: control planes, then bootstrap of etcd exactly
 * once ({@link Bootstrap}), then workers); then changes to running nodes: control planes one per
 * wave and only while the etcd quorum guard allows it ({@link QuorumGuard}), then workers in
 * batches. An upgrade and a config change of the same node are one UPGRADE with the config staged.
 * A disruption budget (policy maxUnavailable, counting the nodes already down or not ready) bounds
 * how many nodes change at once, so one dead node does not stop the others; held nodes are never
 * touched; a machine that answers as another node is never sent anything.
 */
public final class Planner {
  private final ConfigComparer comparer;
  private final java.time.InstantSource clock;

  public Planner(ConfigComparer comparer) {
    this(comparer, java.time.InstantSource.system());
  }

  /** With the clock the maintenance windows are read against. */
  public Planner(ConfigComparer comparer, java.time.InstantSource clock) {
    this.comparer = comparer;
    this.clock = clock;
  }

  public Plan plan(ClusterDesired desired, LiveState live) {
    return plan(desired, live, ClusterHistory.none());
  }

  /**
   * The plan, given what plumb recorded about the cluster before. Outside its maintenance windows
   * (or in a freeze) a plan that would act waits, and says why and when the next window opens.
   */
  public Plan plan(ClusterDesired desired, LiveState live, ClusterHistory history) {
    Plan p = planIgnoringWindows(desired, live, history);
    Optional<String> window = MaintenanceWindows.waitReason(desired.policy().windows(), clock.instant(),
        history.rolloutInFlight());
    if (window.isEmpty()) {
      return p;
    }
    List<String> notes = new ArrayList<>(p.notes());
    notes.add(window.get());
    return new Plan(p.cluster(), p.waves(), p.waves().isEmpty() ? p.waitReason() : window, p.drift(), notes);
  }

  /** How nodes are drained before a reboot (the rollout's DrainStep), for {@code plumb plan}. */
  static String drainNote(dev.plumb.render.KubePolicy k) {
    return !k.drain() ? "drain before reboot: off (kubernetes.drain.enabled: false)"
        : "drain before reboot: on (timeout " + dev.plumb.render.WindowsPolicy.durationText(k.drainTimeout())
            + ", onTimeout " + (k.proceedOnDrainTimeout() ? "proceed" : "halt") + ")";
  }

  /** The node waves, then the cluster's manifests after them ({@link ManifestWave}). */
  private Plan planIgnoringWindows(ClusterDesired desired, LiveState live, ClusterHistory history) {
    return ManifestWave.extend(nodePlan(desired, live, history), desired, live);
  }

  private Plan nodePlan(ClusterDesired desired, LiveState live, ClusterHistory history) {
    String name = desired.name();
    List<String> drift = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> held = desired.policy().hold();
    Provisioning provisioning = new Provisioning(desired, live, history);
    notes.add(provisioning.mode());
    notes.add(drainNote(desired.policy().kubernetes()));
    if (!held.isEmpty()) {
      notes.add("held back (rollout.hold): " + String.join(", ", held));
    }
    List<Action> provisionCp = new ArrayList<>();
    List<Action> provisionWorkers = new ArrayList<>();
    List<NodeConfig> running = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    for (NodeConfig n : desired.nodes()) {
      NodeLive l = answering(live.node(n.hostname()).orElseThrow());
      switch (l.reach()) {
        case MAINTENANCE -> {
          Provisioning.Decision d = provisioning.decide(n, l);
          if (held.contains(n.hostname())) {
            unavailable.put(n.hostname(), n.hostname() + " is in maintenance mode (held: not provisioned)");
          } else if (d.provision()) {
            (n.controlPlane() ? provisionCp : provisionWorkers).add(
                new Action(Action.Kind.PROVISION, n.hostname(), n.controlPlane(), true, d.unchecked() ? "unchecked" : ""));
            drift.add(d.why());
          } else {
            unavailable.put(n.hostname(), d.why());
          }
        }
        case UNREACHABLE -> unavailable.put(n.hostname(), n.hostname() + " does not answer (" + l.detail() + ")");
        case FOREIGN -> unavailable.put(n.hostname(), n.hostname() + " answers but not as a node of " + name
            + " (" + l.detail() + "): nothing is sent to it");
        case UP -> running.add(n);
        default -> throw new IllegalStateException("unhandled: " + l.reach());
      }
    }
    if (!provisionCp.isEmpty()) {
      return new Plan(name, List.of(new Wave("provision control planes", provisionCp)), Optional.empty(), drift, notes);
    }
    Bootstrap.Result boot = Bootstrap.decide(desired, live, history);
    if (boot.action().isPresent()) {
      notes.add(boot.why());
      return new Plan(name, List.of(new Wave("bootstrap etcd", List.of(boot.action().get()))), Optional.empty(),
          List.of("etcd has not been bootstrapped: every control plane reports no etcd member"), notes);
    }
    if (!boot.why().isEmpty()) {
      notes.add(boot.why());
    }
    if (!provisionWorkers.isEmpty()) {
      boolean etcdUp = history.bootstrapped() || live.nodes().stream().anyMatch(NodeLive::etcdMember)
          || desired.nodes().stream().noneMatch(NodeConfig::controlPlane);
      // a worker can only become ready once the control plane runs: provision it after the bootstrap
      Optional<String> wait = etcdUp ? Optional.empty()
          : Optional.of("workers are provisioned once etcd is bootstrapped" + (boot.why().isEmpty() ? "" : ": " + boot.why()));
      return new Plan(name, List.of(new Wave("provision workers", provisionWorkers)), wait, drift, notes);
    }
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      if (!l.healthy()) {
        unavailable.put(n.hostname(), n.hostname() + " is not ready (stage " + l.stage().name().toLowerCase()
            + (l.unmet().isEmpty() ? "" : ", " + String.join("; ", l.unmet())) + ")");
      }
    }
    Optional<Plan> kubernetes = KubernetesUpgrade.plan(desired, live, running, unavailable, held, comparer, drift, notes);
    if (kubernetes.isPresent()) {
      return kubernetes.get();
    }
    List<Action> changes = changes(running, live, held, drift, notes);
    List<String> refused = new ArrayList<>();
    for (Action a : List.copyOf(changes)) {
      if (a.controlPlane()) {
        Optional<String> risk = quorumRisk(desired, live, a.node());
        if (risk.isPresent()) {
          changes.remove(a);
          refused.add(risk.get());
          notes.add("quorum guard refuses " + a.node() + ": " + risk.get());
        }
      }
    }
    unavailable.values().forEach(u -> notes.add("unavailable: " + u));
    int max = desired.policy().maxUnavailable();
    int allowance = max - unavailable.size();
    notes.add("budget: maxUnavailable " + max + ", unavailable now " + unavailable.size()
        + (unavailable.isEmpty() ? "" : " (" + String.join(", ", unavailable.keySet()) + ")")
        + ", so " + Math.max(0, allowance) + " more may change at once");
    if (changes.isEmpty()) {
      Optional<String> wait = !refused.isEmpty() ? Optional.of("quorum guard: " + String.join("; ", refused))
          : unavailable.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", unavailable.values()));
      return new Plan(name, List.of(), wait, drift, notes);
    }
    List<Wave> waves = Waves.of(desired, changes, Math.max(1, allowance));
    if (allowance <= 0) {
      return new Plan(name, waves, Optional.of("disruption budget used up (maxUnavailable " + max + "): "
          + String.join("; ", unavailable.values())), drift, notes);
    }
    return new Plan(name, waves, Optional.empty(), drift, notes);
  }

  /** The changes to running nodes: an upgrade (with the config staged when it differs too), else a config apply. */
  private List<Action> changes(List<NodeConfig> running, LiveState live, List<String> held, List<String> drift,
      List<String> notes) {
    List<Action> changes = new ArrayList<>();
    for (NodeConfig n : running) {
      NodeLive l = live.node(n.hostname()).orElseThrow();
      Optional<String> upgrade = UpgradeCheck.needed(n, l, notes);
      boolean configDiffers = !n.sha256().equals(l.configSha());
      if (upgrade.isEmpty() && !configDiffers) {
        continue;
      }
      if (held.contains(n.hostname())) {
        drift.add(n.hostname() + ": differs from Git but is held back (rollout.hold): not touched");
        continue;
      }
      String configDrift = n.hostname() + ": config differs (live " + shortSha(l.configSha()) + ", desired "
          + shortSha(n.sha256()) + ")";
      if (upgrade.isPresent()) {
        changes.add(new Action(Action.Kind.UPGRADE, n.hostname(), n.controlPlane(), true, n.installerImage(),
            configDiffers, false));
        drift.add(upgrade.get());
        if (configDiffers) {
          drift.add(configDrift + ": staged with the upgrade");
        }
      } else {
        boolean reboot = comparer.needsReboot(n, l);
        boolean network = NetworkChange.differs(l.config().reveal(), n.config().reveal());
        changes.add(new Action(Action.Kind.APPLY_CONFIG, n.hostname(), n.controlPlane(), reboot, "", false, network));
        drift.add(configDrift);
      }
    }
    return changes;
  }

  /**
   * The node as the planner treats it: an UP machine that reports another hostname is FOREIGN even
   * if the observer did not mark it (a defence: a swapped address never gets this node's config).
   */
  private static NodeLive answering(NodeLive l) {
    if (l.reach() == Reach.UP && !l.answersAs().isEmpty() && !DeclaredIdentity.sameHost(l.hostname(), l.answersAs())) {
      return l.withReach(Reach.FOREIGN, "the machine at " + l.address() + " answers as " + l.answersAs());
    }
    return l;
  }

  /**
   * Why changing control plane {@code node} now would risk etcd (empty: it may change), on the
   * live etcd member list: see {@link QuorumGuard}. The rollout calls it again right before acting.
   */
  public static Optional<String> quorumRisk(ClusterDesired desired, LiveState live, String node) {
    return QuorumGuard.risk(desired, live, node);
  }

  private static String shortSha(String s) {
    return s.isEmpty() ? "unknown" : s.substring(0, Math.min(12, s.length()));
  }
}
