package dev.plumb.sim;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link SimKube} in step with a simulated fleet: a Node object per configured node
 * (named by its hostname, Ready while the node is up and ready, control-plane label from its
 * config) and workloads settled as their controllers would, once a second.
 */
public final class SimKubeNodes implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-kube-nodes");
    t.setDaemon(true);
    return t;
  });

  private SimKubeNodes() {}

  /** Starts following the fleet; {@code kubeletVersion} is what every Node reports. */
  public static SimKubeNodes follow(SimKube kube, SimulatedFleet fleet, String kubeletVersion) {
    SimKubeNodes n = new SimKubeNodes();
    n.timer.scheduleWithFixedDelay(() -> {
      try {
        sync(kube, fleet, kubeletVersion);
        kube.workloads().settle();
      } catch (RuntimeException e) {
        // the next round tries again; a simulator must not die of one failed update
      }
    }, 0, 1, TimeUnit.SECONDS);
    return n;
  }

  /** One round: a Node per configured node of the fleet. */
  public static void sync(SimKube kube, SimulatedFleet fleet, String kubeletVersion) {
    for (SimulatedNode node : fleet.nodes()) {
      if (node.maintenance()) {
        continue;
      }
      String name = node.hostname() == null || node.hostname().isEmpty() ? node.name() : node.hostname();
      kube.upsertNode(name, node.up() && node.ready(), kubeletVersion, node.controlPlane());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
