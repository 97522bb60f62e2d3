package dev.plumb.observe;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.Endpoint;
import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.MachineStage;
import dev.plumb.talos.MachineStatus;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Reads the live state of every node of a cluster, in parallel on a bounded pool. An unreachable
 * node is a state, not an exception.
 */
public final class Observer {
  private final TalosClient secure;
  private final TalosClient insecure;
  private final int talosPort;
  private final ExecutorService pool;
  private final InstantSource clock;
  /** Digests by raw digest: a config observed again unchanged is not parsed again. */
  private final java.util.Map<String, String> canonical = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, String> e) {
          return size() > 4096;
        }
      });

  public Observer(TalosClient secure, TalosClient insecure, int talosPort, ExecutorService pool, InstantSource clock) {
    this.secure = secure;
    this.insecure = insecure;
    this.talosPort = talosPort;
    this.pool = pool;
    this.clock = clock;
  }

  /** The endpoint plumb dials for a node: its first address on the Talos port. */
  public NodeTarget target(NodeConfig n, boolean maintenance) {
    Endpoint ep = new Endpoint(n.addresses().get(0), talosPort);
    return maintenance ? NodeTarget.maintenance(ep) : NodeTarget.direct(ep);
  }

  /** Observes every node; the Kubernetes Node status is read for none (it only serves gates). */
  public LiveState observe(ClusterDesired c) {
    return observe(c, java.util.Set.of());
  }

  /** Observes every node, reading the Kubernetes Node status of {@code gated} nodes too. */
  public LiveState observe(ClusterDesired c, java.util.Set<String> gated) {
    List<CompletableFuture<NodeLive>> futures = new ArrayList<>();
    for (NodeConfig n : c.nodes()) {
      boolean kube = gated.contains(n.hostname());
      futures.add(CompletableFuture.supplyAsync(() -> node(n, kube), pool));
    }
    List<NodeLive> nodes = new ArrayList<>();
    futures.forEach(f -> nodes.add(f.join()));
    return new LiveState(c.name(), clock.instant(), nodes);
  }

  private NodeLive node(NodeConfig n, boolean kube) {
    NodeTarget t = target(n, false);
    String version;
    try {
      version = secure.version(t).tag();
    } catch (TalosException e) {
      return switch (e.kind()) {
        case MAINTENANCE -> maintenance(n);
        case UNREACHABLE, TIMEOUT -> NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.UNREACHABLE, e.getMessage());
        default -> NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.FOREIGN, e.getMessage());
      };
    }
    String sha = "";
    byte[] config = new byte[0];
    MachineStatus st = new MachineStatus(MachineStage.UNKNOWN, false, List.of());
    boolean member = false;
    boolean etcdHealthy = false;
    String detail = "";
    try {
      config = secure.machineConfig(t);
      sha = liveSha(config, n);
      st = secure.machineStatus(t);
      if (n.controlPlane()) {
        try {
          List<EtcdMember> members = secure.etcdMembers(t);
          member = members.stream().anyMatch(m -> m.hostname().equals(n.hostname()));
          etcdHealthy = member && secure.etcdStatus(t).healthy();
        } catch (TalosException e) {
          detail = e.getMessage();
        }
      }
    } catch (TalosException e) {
      return NodeLive.unreachable(n.hostname(), t.endpoint().host(),
          e.kind() == TalosException.Kind.UNREACHABLE || e.kind() == TalosException.Kind.TIMEOUT
              ? Reach.UNREACHABLE : Reach.FOREIGN, e.getMessage());
    }
    return new NodeLive(n.hostname(), t.endpoint().host(), Reach.UP, sha, version, st.stage(), st.ready(),
        st.unmetConditions(), member, etcdHealthy, detail, dev.plumb.render.sops.Sensitive.of(config), "",
        kube ? kubeNode(t, n.hostname()) : NodeLive.KubeNode.UNKNOWN);
  }

  /**
   * The digest plumb compares with the desired config's: the desired digest itself when the live
   * config holds the same content in other bytes (as Talos's encoder rewrites a config), else the
   * live config's own canonical digest. Both sides are cached by their raw digest.
   */
  private String liveSha(byte[] raw, NodeConfig n) {
    String live = canonical.computeIfAbsent("content:" + CanonicalYaml.sha256(raw), k -> ConfigContent.digest(raw));
    String desired = canonical.computeIfAbsent("content:" + n.sha256(), k -> ConfigContent.digest(n.config().reveal()));
    if (!live.isEmpty() && live.equals(desired)) {
      return n.sha256();
    }
    return canonical.computeIfAbsent(CanonicalYaml.sha256(raw), k -> CanonicalYaml.canonicalSha(raw));
  }

  /** Talos's view of the node's Kubernetes Node object (COSI NodeStatus, named after the node). */
  private NodeLive.KubeNode kubeNode(NodeTarget t, String hostname) {
    try {
      String yaml = secure.resourceYaml(t, "k8s", "NodeStatuses.kubernetes.talos.dev", hostname);
      return yaml.contains("nodeReady: true") ? NodeLive.KubeNode.READY : NodeLive.KubeNode.NOT_READY;
    } catch (TalosException e) {
      return NodeLive.KubeNode.UNKNOWN;
    }
  }

  private NodeLive maintenance(NodeConfig n) {
    NodeTarget t = target(n, true);
    try {
      String version = insecure.version(t).tag();
      String uuid = "";
      try {
        uuid = HardwareIdentity.uuid(insecure.resourceYaml(t, "hardware", "SystemInformations.hardware.talos.dev",
            "systeminformation"));
      } catch (TalosException e) {
        // an old node without the resource: the identity stays unknown
      }
      return new NodeLive(n.hostname(), t.endpoint().host(), Reach.MAINTENANCE, "", version, MachineStage.MAINTENANCE,
          false, List.of(), false, false, "maintenance mode", dev.plumb.render.sops.Sensitive.of(new byte[0]), uuid,
          NodeLive.KubeNode.UNKNOWN);
    } catch (TalosException e) {
      return NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.UNREACHABLE, e.getMessage());
    }
  }
}
