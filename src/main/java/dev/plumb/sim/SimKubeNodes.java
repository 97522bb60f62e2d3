package dev.plumb.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link SimKube} in step with a simulated fleet, one round at a time (once a second when
 * it follows the fleet):
 * <ul>
 *   <li>a Node per configured node, named by Talos's Nodename (the lower-cased hostname), Ready
 *       while the node is up and ready, NotReady with the not-ready taint while it is up and not
 *       ready or going down; once it has been down longer than the node lifecycle controller's
 *       grace period ({@link #GRACE}, on the fleet's clock) Ready Unknown with the unreachable
 *       taints. This approximates kube-controller-manager's timing (no heartbeats, no lease, no
 *       eviction timeout);
 *   <li>the Node's kubelet version is the tag of the live config's {@code machine.kubelet.image}
 *       (the fleet's default when it names none); after a change the kubelet restarts, so the Node
 *       reports the new version one round later;
 *   <li>the control planes' static pods ({@link SimKubeStaticPods});
 *   <li>{@code /version}: the kube-apiserver image tag of the first control plane that is up (kept
 *       when none is);
 *   <li>workloads settled as their controllers would ({@link SimKubeWorkloads#settle}).
 * </ul>
 */
public final class SimKubeNodes implements AutoCloseable {
  /** kube-controller-manager's --node-monitor-grace-period default (50s since Kubernetes 1.32, 40s before). */
  public static final Duration GRACE = Duration.ofSeconds(50);
  private final SimKube kube;
  private final SimulatedFleet fleet;
  private final String defaultVersion;
  private final SimKubeStaticPods staticPods;
  private final Map<String, Kubelet> kubelets = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-kube-nodes");
    t.setDaemon(true);
    return t;
  });

  /** What a node's kubelet reports, and since when the node is down. */
  private static final class Kubelet {
    String version;
    String pending;
    Instant downSince;
  }

  private SimKubeNodes(SimKube kube, SimulatedFleet fleet, String defaultVersion) {
    this.kube = kube;
    this.fleet = fleet;
    this.defaultVersion = defaultVersion;
    this.staticPods = new SimKubeStaticPods(kube.admin());
  }

  /** Starts following the fleet, a round a second; {@code defaultVersion}: for configs naming no image. */
  public static SimKubeNodes follow(SimKube kube, SimulatedFleet fleet, String defaultVersion) {
    SimKubeNodes n = manual(kube, fleet, defaultVersion);
    n.timer.scheduleWithFixedDelay(() -> {
      try {
        n.round();
      } catch (RuntimeException e) {
        // the next round tries again; a simulator must not die of one failed update
      }
    }, 0, 1, TimeUnit.SECONDS);
    return n;
  }

  /** A follower whose rounds the caller runs ({@link #round}), for tests that step it. */
  public static SimKubeNodes manual(SimKube kube, SimulatedFleet fleet, String defaultVersion) {
    return new SimKubeNodes(kube, fleet, defaultVersion);
  }

  /** One round with no memory of earlier ones: every Node reports its config's kubelet version at once. */
  public static void sync(SimKube kube, SimulatedFleet fleet, String defaultVersion) {
    manual(kube, fleet, defaultVersion).round();
  }

  /** One round: Nodes, static pods, {@code /version}, workloads. */
  public synchronized void round() {
    Instant now = fleet.clock().now();
    List<SimKubeStaticPods.ControlPlane> controlPlanes = new ArrayList<>();
    Optional<String> apiServer = Optional.empty();
    for (SimulatedNode node : fleet.nodes()) {
      Optional<MachineConfigView> cfg = node.activeConfig();
      Optional<String> name = SimReadiness.nodename(node);
      if (cfg.isEmpty() || name.isEmpty()) {
        continue; // maintenance mode: no kubelet, no Node
      }
      SimKubeConfig k = SimKubeConfig.of(cfg.get(), defaultVersion);
      boolean up = node.up();
      boolean ready = up && node.ready();
      boolean cp = cfg.get().controlPlane();
      kube.upsertNode(state(name.get(), k, up, ready, cp, now));
      if (cp) {
        controlPlanes.add(new SimKubeStaticPods.ControlPlane(name.get(), k, ready));
        if (up && apiServer.isEmpty()) {
          apiServer = Optional.of(SimKubeConfig.version(k.apiServerImage(), defaultVersion));
        }
      }
    }
    staticPods.round(controlPlanes);
    apiServer.ifPresent(kube::serverVersion);
    kube.workloads().settle();
  }

  private KubeNodeState state(String name, SimKubeConfig k, boolean up, boolean ready, boolean cp, Instant now) {
    Kubelet kl = kubelets.computeIfAbsent(name, x -> new Kubelet());
    String want = SimKubeConfig.version(k.kubeletImage(), defaultVersion);
    if (kl.version == null) {
      kl.version = want; // first registration
    } else if (!want.equals(kl.version) && up) {
      if (want.equals(kl.pending)) {
        kl.version = want; // the kubelet restarted with the new image
        kl.pending = null;
      } else {
        kl.pending = want;
      }
    }
    if (up) {
      kl.downSince = null;
      return ready ? KubeNodeState.ready(name, kl.version, cp)
          : KubeNodeState.notReady(name, kl.version, cp, "KubeletNotReady", "node is not ready");
    }
    if (kl.downSince == null) {
      kl.downSince = now;
    }
    if (Duration.between(kl.downSince, now).compareTo(GRACE) >= 0) {
      return KubeNodeState.unreachable(name, kl.version, cp);
    }
    return KubeNodeState.notReady(name, kl.version, cp, "KubeletNotReady", "node is shutting down");
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
