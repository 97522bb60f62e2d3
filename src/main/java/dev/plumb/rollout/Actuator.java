package dev.plumb.rollout;

import dev.plumb.kube.Pause;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Performs one action through the Talos API and says what the node answered. */
public final class Actuator {
  private final TalosClient secure;
  private final TalosClient insecure;
  private final Observer observer;
  private final DrainStep drain;
  private final KubeUpgradeStep kubeUpgrade;

  public Actuator(TalosClient secure, TalosClient insecure, Observer observer) {
    this(secure, insecure, observer, InstantSource.system(), Pause.SLEEP);
  }

  /** With the clock and pause the drain before a reboot runs on (tests: simulated time). */
  public Actuator(TalosClient secure, TalosClient insecure, Observer observer, InstantSource clock, Pause pause) {
    this.secure = secure;
    this.insecure = insecure;
    this.observer = observer;
    this.drain = new DrainStep(clock, pause);
    this.kubeUpgrade = new KubeUpgradeStep(secure, observer);
  }

  /** Re-applies a node's previous config (policy {@code onFailure: rollback}). */
  public String rollback(ClusterDesired c, String node, byte[] previousConfig) {
    ApplyResult r = secure.applyConfiguration(observer.target(node(c, node), false), previousConfig, ApplyMode.AUTO,
        false, null);
    return "rolled back to the previous config, mode " + r.mode();
  }

  /**
   * The dry run of the ApplyConfiguration this action will send (empty for actions that send no
   * config): AUTO for a config change, so that Talos says whether it needs a reboot; STAGED for the
   * config staged before an upgrade; AUTO through the insecure channel for a node in maintenance
   * mode (internal/app/maintenance/server.go answers a dry run there too). Throws Talos's error.
   */
  Optional<ApplyResult> dryRun(ClusterDesired c, Action a) {
    if (a.kind() == Action.Kind.APPLY_MANIFESTS) {
      return Optional.empty(); // no node: the API server validates at apply time, each refusal named
    }
    NodeConfig n = node(c, a.node());
    return switch (a.kind()) {
      case PROVISION -> Optional.of(insecure.applyConfiguration(observer.target(n, true), n.config().reveal(),
          ApplyMode.AUTO, true, null));
      case APPLY_CONFIG -> Optional.of(secure.applyConfiguration(observer.target(n, false), n.config().reveal(),
          ApplyMode.AUTO, true, null));
      case UPGRADE -> a.stageConfig() ? Optional.of(secure.applyConfiguration(observer.target(n, false),
          n.config().reveal(), ApplyMode.STAGED, true, null)) : Optional.empty();
      case BOOTSTRAP -> Optional.empty();
      // issue 9: the Kubernetes steps are dry-run by their own tracks
      case APPLY_MANIFESTS -> Optional.empty();
      case K8S_CONTROL_PLANE, K8S_KUBELET, K8S_BOOTSTRAP_MANIFESTS -> kubeUpgrade.dryRun(a, n, observer.target(n, false));
    };
  }

  /**
   * Performs the action. A node that cannot take it right now (rebooting, another apply in
   * progress, gone between observation and action) raises {@link NotYetException}: the runner
   * observes again instead of halting. A change Talos refuses to apply without a reboot raises
   * {@link RebootNeededException}. {@code observedBootId} is the boot id of the observation the
   * plan was made from, used when the node's boot id cannot be read right before the action.
   */
  Acted act(ClusterDesired c, Action a, String observedBootId) {
    return talos(c, a, observedBootId);
  }

  /**
   * As above, with the node cordoned and drained first when the action reboots a running node
   * ({@link DrainStep}; {@code live} is the observation the wave was planned from). When the action
   * then does not go out (the node cannot take it now, Talos refuses it) the Node is uncordoned
   * again; after a timeout the change may have reached the node, and it stays cordoned.
   */
  Acted act(ClusterDesired c, Action a, LiveState live, BooleanSupplier cancelled) {
    String observedBootId = live.node(a.node()).map(NodeLive::bootId).orElse("");
    if (!DrainStep.rebootsRunningNode(a)) {
      return talos(c, a, observedBootId);
    }
    DrainStep.Drained d = drain.before(c.policy().kubernetes(), a, live, observer.kube(), cancelled);
    Acted done;
    try {
      done = talos(c, a, observedBootId);
    } catch (TalosException e) {
      if (e.kind() != TalosException.Kind.TIMEOUT) {
        drain.undo(observer.kube(), d);
      }
      throw e;
    } catch (NotYetException | RebootNeededException e) {
      drain.undo(observer.kube(), d);
      throw e;
    }
    return new Acted(d.note() + done.summary(), done.reboots(), done.bootBefore(), done.tried(), done.objects(),
        d.cordoned());
  }

  private Acted talos(ClusterDesired c, Action a, String observedBootId) {
    try {
      return perform(c, a, observedBootId);
    } catch (TalosException e) {
      if (e.kind() == TalosException.Kind.PRECONDITION || e.kind() == TalosException.Kind.UNREACHABLE) {
        throw new NotYetException(a.node() + " cannot take '" + a.kind().name().toLowerCase() + "' now: "
            + withoutDiff(e.getMessage()));
      }
      throw e;
    }
  }

  /**
   * Confirms a config applied in TRY mode by applying it again with NO_REBOOT, which cancels
   * Talos's pending revert and saves it (talos-api.md §4.1, step 5).
   */
  String confirmTry(ClusterDesired c, String node) {
    NodeConfig n = node(c, node);
    ApplyResult r = secure.applyConfiguration(observer.target(n, false), n.config().reveal(), ApplyMode.NO_REBOOT,
        false, null);
    return "confirmed the tried config, mode " + r.mode();
  }

  private Acted perform(ClusterDesired c, Action a, String observedBootId) {
    if (a.kind() == Action.Kind.APPLY_MANIFESTS) {
      return ManifestStep.apply(c, observer.kube());
    }
    NodeConfig n = node(c, a.node());
    NodeTarget t = observer.target(n, a.kind() == Action.Kind.PROVISION);
    return switch (a.kind()) {
      case PROVISION -> {
        ApplyResult r = insecure.applyConfiguration(t, n.config().reveal(), ApplyMode.AUTO, false, null);
        yield new Acted("config sent, node installs (" + r.mode() + ")", true, "", false);
      }
      case APPLY_CONFIG -> apply(c, a, n, t, bootId(t, observedBootId));
      case UPGRADE -> {
        String before = bootId(t, observedBootId);
        String staged = "";
        if (a.stageConfig()) {
          ApplyResult s = secure.applyConfiguration(t, n.config().reveal(), ApplyMode.STAGED, false, null);
          staged = "config staged (" + s.mode() + "), ";
        }
        var r = secure.upgrade(t, a.detail(), RebootMode.DEFAULT);
        yield new Acted(staged + (r.lifecycleFlow() ? "installed " : "upgrade requested, ") + a.detail()
            + ", rebooting", true, before, false);
      }
      case BOOTSTRAP -> {
        try {
          secure.bootstrap(t);
          yield new Acted("etcd bootstrapped", false, "", false);
        } catch (TalosException e) {
          if (e.kind() == TalosException.Kind.ALREADY_EXISTS) {
            yield new Acted("etcd was already bootstrapped", false, "", false);
          }
          throw e;
        }
      }
      case APPLY_MANIFESTS -> throw new IllegalStateException("performed by ManifestStep above: " + a.kind());
      case K8S_CONTROL_PLANE, K8S_KUBELET, K8S_BOOTSTRAP_MANIFESTS -> kubeUpgrade.act(a, n, t);
    };
  }

  private Acted apply(ClusterDesired c, Action a, NodeConfig n, NodeTarget t, String before) {
    ApplyChoice choice = ApplyChoice.of(a, c.policy());
    ApplyResult r;
    try {
      r = secure.applyConfiguration(t, n.config().reveal(), choice.mode(), false, choice.tryTimeout());
    } catch (TalosException e) {
      if (choice.mode() != ApplyMode.AUTO && e.kind() == TalosException.Kind.REJECTED
          && e.getMessage().contains("immediate mode")) {
        throw new RebootNeededException(a.node(), a.node() + ": Talos refused to apply the change with mode "
            + choice.modeName() + " because it needs a reboot: " + withoutDiff(e.getMessage()));
      }
      throw e;
    }
    return new Acted("applied with mode " + r.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + " (" + choice.why() + ")", r.reboots(), before, r.mode() == ApplyMode.TRY);
  }

  /** The boot id right before the action, as talosctl's tracker reads it; the observed one if that fails. */
  private String bootId(NodeTarget t, String observed) {
    try {
      return secure.bootId(t);
    } catch (TalosException e) {
      return observed;
    }
  }

  private static NodeConfig node(ClusterDesired c, String hostname) {
    return c.nodes().stream().filter(x -> x.hostname().equals(hostname)).findFirst().orElseThrow();
  }

  /**
   * Talos's error without the config diff it may carry ("can't be applied in immediate mode\ndiff:
   * ..."): the diff can hold secrets, which never reach logs, status or the journal.
   */
  static String withoutDiff(String message) {
    int i = message.indexOf("\ndiff:");
    String s = i < 0 ? message : message.substring(0, i) + " (diff not shown)";
    int d = s.indexOf("Config diff:");
    return d < 0 ? s : s.substring(0, d) + "(diff not shown)";
  }
}
