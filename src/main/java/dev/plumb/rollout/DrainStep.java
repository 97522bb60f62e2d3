package dev.plumb.rollout;

import dev.plumb.kube.DrainPolicy;
import dev.plumb.kube.DrainResult;
import dev.plumb.kube.Drainer;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.NodeCordon;
import dev.plumb.kube.Pause;
import dev.plumb.observe.LiveState;
import dev.plumb.plan.Action;
import dev.plumb.render.KubePolicy;
import dev.plumb.render.WindowsPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Cordon and drain before an action that reboots a running node (a config change Talos applies
 * with a reboot, an upgrade), as talosctl does client-side around its reboot and Omni before an
 * upgrade: mark the Node as plumb's ({@link NodeCordon}), cordon it, evict its pods through the
 * eviction API so PodDisruptionBudgets are honoured ({@link Drainer}), within
 * {@code kubernetes.drain.timeout}. Pods still there at the timeout: {@code onTimeout: halt}
 * uncordons the Node (nothing was changed on the node) and halts the rollout at
 * {@link Gate#DRAINED} naming the pods and the budgets that hold them; {@code proceed} reboots
 * anyway and says which pods were left.
 *
 * <p>An API server that does not answer, or answers with a server error, does not stop the
 * action: it goes on without a drain and its summary says so. A broken control plane is exactly
 * when a Talos fix must still be possible, and a node that cannot be drained because the API is
 * down has no scheduler moving its pods anyway. A refusal (no permission to evict, say) halts
 * instead: plumb is misconfigured, and rebooting undrained would surprise whoever relies on the
 * drain. A Node the API does not know has nothing to drain. A Node someone else cordoned is
 * drained but not marked, so plumb never uncordons it.
 *
 * <p>The drain runs inside the action, in parallel with the other actions of its wave; between
 * rounds it checks the rollout's cancel flag every {@value #SLICE_MS} ms, so a SIGTERM ends it
 * promptly: the Node is then uncordoned and the action planned again next time.
 */
final class DrainStep {
  static final long SLICE_MS = 250;
  private static final int LISTED = 10;
  private final InstantSource clock;
  private final Pause pause;

  DrainStep(InstantSource clock, Pause pause) {
    this.clock = clock;
    this.pause = pause;
  }

  /** What the drain did: the Node plumb cordoned (null when none) and the note for the action's summary. */
  record Drained(String node, String note) {
    static Drained none(String note) {
      return new Drained(null, note);
    }

    boolean cordoned() {
      return node != null;
    }
  }

  /** Whether the action reboots a running node: a config change applied with a reboot, or an upgrade. */
  static boolean rebootsRunningNode(Action a) {
    return a.kind() == Action.Kind.UPGRADE || a.kind() == Action.Kind.APPLY_CONFIG && a.reboots();
  }

  /** The Kubernetes Node of a node: the name Talos's Nodename resource gives, else its hostname. */
  static String nodeName(LiveState live, String hostname) {
    return live == null ? hostname : live.kube().nodeNames().getOrDefault(hostname, hostname);
  }

  /** Cordons and drains the node of the action; throws {@link HaltException} when the drain must stop the rollout. */
  Drained before(KubePolicy policy, Action a, LiveState live, KubeAccess access, BooleanSupplier cancelled) {
    if (!policy.drain()) {
      return Drained.none("");
    }
    Optional<KubeClient> client = access.client();
    if (client.isEmpty()) {
      return Drained.none("not drained (" + access.why() + "); ");
    }
    String node = nodeName(live, a.node());
    boolean marked = false;
    try {
      Optional<NodeCordon.State> state = NodeCordon.read(client.get(), node);
      if (state.isEmpty()) {
        return Drained.none("no Kubernetes Node " + node + ": nothing to drain; ");
      }
      if (!state.get().cordonedByOthers()) {
        NodeCordon.mark(client.get(), node, reason(a));
        marked = true;
      }
      Duration poll = policy.drainTimeout().compareTo(Duration.ofSeconds(5)) < 0 ? policy.drainTimeout()
          : Duration.ofSeconds(5);
      DrainResult r = new Drainer(client.get(), clock.withZone(ZoneOffset.UTC), cancellable(cancelled))
          .cordonAndDrain(node, new DrainPolicy(policy.drainTimeout(), poll));
      String who = marked ? node : null;
      if (r.outcome() == DrainResult.Outcome.DRAINED) {
        return new Drained(who, "cordoned and drained " + node + ": " + drained(r) + "; ");
      }
      int n = r.remaining().size();
      String left = "drain of " + node + " timed out after " + WindowsPolicy.durationText(policy.drainTimeout())
          + " with " + n + " pod" + (n == 1 ? "" : "s") + " left (" + list(r.remaining()) + ")"
          + (r.blocked().isEmpty() ? "" : ": " + String.join("; ", r.blocked().subList(0,
              Math.min(LISTED, r.blocked().size()))) + (r.blocked().size() > LISTED ? "; ..." : ""));
      if (policy.proceedOnDrainTimeout()) {
        return new Drained(who, left + "; going on with the reboot (kubernetes.drain.onTimeout: proceed); ");
      }
      release(client.get(), node, marked);
      throw new HaltException(Gate.DRAINED, left + "; " + (marked ? "uncordoned " + node + ", " : "")
          + a.node() + " was not changed (kubernetes.drain.onTimeout: halt)");
    } catch (InterruptedException e) {
      release(client.get(), node, marked);
      if (!cancelled.getAsBoolean()) {
        Thread.currentThread().interrupt(); // interrupted, not cancelled: keep the flag for the caller
      }
      throw new NotYetException("drain of " + node + " stopped (the rollout was cancelled); "
          + (marked ? "uncordoned it, " : "") + a.node() + " was not changed");
    } catch (KubeException e) {
      return refused(access, client.get(), e, a, node, marked);
    }
  }

  /** Uncordons a Node plumb cordoned for an action that then did not go out. Best effort. */
  void undo(KubeAccess access, Drained d) {
    if (d.cordoned()) {
      access.client().ifPresent(c -> release(c, d.node(), true));
    }
  }

  private static Drained refused(KubeAccess access, KubeClient client, KubeException e, Action a, String node,
      boolean marked) {
    if (e.code() <= 0 || e.code() >= 500) {
      if (e.code() <= 0) {
        access.failed(e);
      }
      return new Drained(marked ? node : null, "not drained, the Kubernetes API failed (" + e.getMessage()
          + "): going on without a drain; ");
    }
    release(client, node, marked);
    throw new HaltException(Gate.DRAINED, "drain of " + node + " refused by the Kubernetes API: " + e.getMessage()
        + "; " + a.node() + " was not changed");
  }

  private static void release(KubeClient client, String node, boolean marked) {
    if (!marked) {
      return;
    }
    try {
      NodeCordon.release(client, node);
    } catch (KubeException e) {
      // still marked as plumb's: uncordoned at the next planning observation (Uncordon.recover)
    }
  }

  private static String reason(Action a) {
    return a.kind() == Action.Kind.UPGRADE ? "before upgrading " + a.node() + " to " + a.detail()
        : "before a config change that reboots " + a.node();
  }

  private static String drained(DrainResult r) {
    return (r.evicted().isEmpty() ? "no pod to evict" : "evicted " + list(r.evicted()))
        + (r.skipped().isEmpty() ? "" : ", left " + list(r.skipped()));
  }

  private static String list(List<String> names) {
    if (names.size() <= LISTED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
  }

  /** The pause between drain rounds, cut in slices so that a cancel ends it within one slice. */
  private Pause cancellable(BooleanSupplier cancelled) {
    Duration slice = Duration.ofMillis(SLICE_MS);
    return d -> {
      Duration left = d;
      while (left.compareTo(Duration.ZERO) > 0) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("cancelled");
        }
        Duration step = left.compareTo(slice) < 0 ? left : slice;
        pause.pause(step);
        left = left.minus(step);
      }
      if (cancelled.getAsBoolean()) {
        throw new InterruptedException("cancelled");
      }
    };
  }
}
