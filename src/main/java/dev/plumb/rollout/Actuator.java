package dev.plumb.rollout;

import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;

/** Performs one action through the Talos API and says what the node answered. */
public final class Actuator {
  private final TalosClient secure;
  private final TalosClient insecure;
  private final Observer observer;

  public Actuator(TalosClient secure, TalosClient insecure, Observer observer) {
    this.secure = secure;
    this.insecure = insecure;
    this.observer = observer;
  }

  /** Re-applies a node's previous config (policy {@code onFailure: rollback}). */
  public String rollback(ClusterDesired c, String node, byte[] previousConfig) {
    NodeConfig n = c.nodes().stream().filter(x -> x.hostname().equals(node)).findFirst().orElseThrow();
    ApplyResult r = secure.applyConfiguration(observer.target(n, false), previousConfig, ApplyMode.AUTO, false, null);
    return "rolled back to the previous config, mode " + r.mode();
  }

  /**
   * Performs the action. A node that cannot take it right now (rebooting, another apply in
   * progress, gone between observation and action) raises {@link NotYetException}: the runner
   * observes again instead of halting.
   */
  public String act(ClusterDesired c, Action a) {
    try {
      return perform(c, a);
    } catch (TalosException e) {
      if (e.kind() == TalosException.Kind.PRECONDITION || e.kind() == TalosException.Kind.UNREACHABLE) {
        throw new NotYetException(a.node() + " cannot take '" + a.kind().name().toLowerCase() + "' now: " + e.getMessage());
      }
      throw e;
    }
  }

  private String perform(ClusterDesired c, Action a) {
    NodeConfig n = c.nodes().stream().filter(x -> x.hostname().equals(a.node())).findFirst().orElseThrow();
    return switch (a.kind()) {
      case PROVISION -> {
        ApplyResult r = insecure.applyConfiguration(observer.target(n, true), n.config().reveal(), ApplyMode.AUTO, false, null);
        yield "config sent, node installs (" + r.mode() + ")";
      }
      case APPLY_CONFIG -> {
        var t = observer.target(n, false);
        ApplyResult dry = secure.applyConfiguration(t, n.config().reveal(), ApplyMode.AUTO, true, null);
        ApplyResult r = secure.applyConfiguration(t, n.config().reveal(), ApplyMode.AUTO, false, null);
        yield "applied, mode " + r.mode() + (dry.mode() != r.mode() ? " (dry run said " + dry.mode() + ")" : "");
      }
      case UPGRADE -> {
        var r = secure.upgrade(observer.target(n, false), a.detail(), RebootMode.DEFAULT);
        yield (r.lifecycleFlow() ? "installed " : "upgrade requested, ") + a.detail() + ", rebooting";
      }
      case BOOTSTRAP -> {
        try {
          secure.bootstrap(observer.target(n, false));
          yield "etcd bootstrapped";
        } catch (TalosException e) {
          if (e.kind() == TalosException.Kind.ALREADY_EXISTS) {
            yield "etcd was already bootstrapped";
          }
          throw e;
        }
      }
    };
  }
}
