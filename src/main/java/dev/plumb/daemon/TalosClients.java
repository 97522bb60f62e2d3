package dev.plumb.daemon;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's Talos clients, kept from one reconcile to the next: a mutual-TLS channel costs a
 * handshake per node (most of a reconcile's CPU on a 100-node cluster), and a webhook-triggered
 * reconcile should not pay it again. One client per cluster and OS CA: a CA change in Git gets a new
 * client and closes the old one. Channels that fail are dropped by the client itself, so a node
 * that rebooted is dialled afresh.
 */
final class TalosClients implements AutoCloseable {
  private record Entry(String ca, GrpcTalosClient client) {}

  private final Map<String, Entry> byCluster = new HashMap<>();
  private final GrpcTalosClient.Timeouts timeouts;

  TalosClients(GrpcTalosClient.Timeouts timeouts) {
    this.timeouts = timeouts;
  }

  /** The client signed by {@code desired}'s OS CA, made once per cluster and CA. */
  synchronized GrpcTalosClient forCluster(ClusterDesired desired) {
    String ca = desired.osCa().crt().reveal();
    Entry e = byCluster.get(desired.name());
    if (e != null && e.ca().equals(ca)) {
      return e.client();
    }
    if (e != null) {
      e.client().close();
    }
    GrpcTalosClient c = create(desired, timeouts);
    byCluster.put(desired.name(), new Entry(ca, c));
    return c;
  }

  /** A new client whose certificate plumb signs with the cluster's OS CA. */
  static GrpcTalosClient create(ClusterDesired desired, GrpcTalosClient.Timeouts timeouts) {
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(365)).reveal();
    var ctx = TalosConfig.parse(Path.of("plumb-generated-talosconfig"), tc).context(Optional.empty());
    return new GrpcTalosClient(TalosChannels.forContext(ctx), timeouts);
  }

  @Override
  public synchronized void close() {
    byCluster.values().forEach(e -> e.client().close());
    byCluster.clear();
  }
}
