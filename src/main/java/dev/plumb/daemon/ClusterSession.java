package dev.plumb.daemon;

import dev.plumb.observe.Observer;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.rollout.Actuator;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.rollout.RolloutRunner;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Everything needed to reconcile one cluster: Talos clients whose client certificate plumb signs
 * itself with the cluster's OS CA (from the decrypted secrets), the cluster's Kubernetes API access
 * (a kubeconfig from plumb's config, else from a control plane's Talos API), the observer, planner,
 * actuator and runner. Closed when the cluster's OS CA changes or plumb stops.
 */
public final class ClusterSession implements AutoCloseable {
  private final dev.plumb.talos.TalosClient secure;
  private final GrpcTalosClient insecure;
  private final ExecutorService pool;
  private final Observer observer;
  private final RolloutRunner runner;
  private final boolean shared;
  private final GrpcTalosClient before;

  public ClusterSession(ClusterDesired desired, int talosPort, RolloutListener listener, Duration poll,
      GrpcTalosClient.Timeouts timeouts) {
    this(desired, Optional.empty(), talosPort, listener, poll, timeouts);
  }

  /**
   * With {@code previous}, the cluster as last applied: when its OS CA differs from the desired
   * one (a rotation in Git), nodes still on the old config are reached with its credentials.
   */
  public ClusterSession(ClusterDesired desired, Optional<ClusterDesired> previous, int talosPort,
      RolloutListener listener, Duration poll, GrpcTalosClient.Timeouts timeouts) {
    this(desired, previous, talosPort, listener, poll, timeouts, null);
  }

  /** With {@code clients}: the mutual-TLS client comes from the daemon's cache and outlives the session. */
  ClusterSession(ClusterDesired desired, Optional<ClusterDesired> previous, int talosPort,
      RolloutListener listener, Duration poll, GrpcTalosClient.Timeouts timeouts, TalosClients clients) {
    this.shared = clients != null;
    GrpcTalosClient now = clients != null ? clients.forCluster(desired) : TalosClients.create(desired, timeouts);
    this.before = previous.filter(p -> rotated(p, desired)).map(p -> TalosClients.create(p, timeouts)).orElse(null);
    this.secure = before == null ? now : CaRotationClient.of(now, before);
    this.insecure = new GrpcTalosClient(TalosChannels.insecureOnly(), timeouts);
    this.pool = Executors.newFixedThreadPool(Math.min(32, Math.max(2, desired.nodes().size())), r -> {
      Thread t = new Thread(r, "observe");
      t.setDaemon(true);
      return t;
    });
    Clock clock = Clock.systemUTC();
    this.observer = new Observer(secure, insecure, talosPort, pool, clock);
    // the cluster's Kubernetes API: its kubeconfig from a control plane over Talos unless configured
    observer.withKube(dev.plumb.kube.TalosKubeAccess.talos(secure, observer::controlPlanesUp, clock));
    this.runner = new RolloutRunner(observer, new Planner(new RebootPredictor()),
        new Actuator(secure, insecure, observer), listener, clock, d -> Thread.sleep(d.toMillis()), poll);
  }

  /** Whether Git changed the cluster's OS CA between {@code before} and {@code after}. */
  public static boolean rotated(ClusterDesired before, ClusterDesired after) {
    return !before.osCa().crt().reveal().equals(after.osCa().crt().reveal());
  }


  /**
   * Uses this kubeconfig (plumb's config or {@code --kubeconfig}, already in memory; {@code origin}
   * names it in messages) instead of fetching one from the cluster's Talos API.
   */
  public ClusterSession withKubeconfig(byte[] kubeconfig, String origin) {
    observer.kube().close();
    observer.withKube(dev.plumb.kube.TalosKubeAccess.configured(kubeconfig, origin, Clock.systemUTC()));
    return this;
  }

  public Observer observer() {
    return observer;
  }

  public RolloutOutcome converge(ClusterDesired desired, Duration settleTimeout, BooleanSupplier cancelled)
      throws InterruptedException {
    return runner.converge(desired, settleTimeout, cancelled);
  }

  /** As above, with what the journal knows about the cluster. */
  public RolloutOutcome converge(ClusterDesired desired, dev.plumb.plan.ClusterHistory history, Duration settleTimeout,
      BooleanSupplier cancelled) throws InterruptedException {
    return runner.converge(desired, history, settleTimeout, cancelled);
  }

  @Override
  public void close() {
    observer.kube().close();
    pool.shutdownNow();
    if (!shared) {
      secure.close();
    } else if (before != null) {
      before.close(); // the previous CA's client lives for this session only; the cached one stays
    }
    insecure.close();
  }
}
