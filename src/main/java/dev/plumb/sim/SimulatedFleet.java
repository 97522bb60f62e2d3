package dev.plumb.sim;

import dev.plumb.fleet.PlumbException;
import dev.plumb.talos.Pem;
import dev.plumb.talos.TalosContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * N simulated Talos nodes on loopback, each on its own address and all on one port, serving the
 * real Talos API. Holds what the nodes share: the clock, the record of what happened, the trustd
 * services of the control planes (workers get their apid certificates from them), and which
 * clusters have bootstrapped etcd.
 */
public final class SimulatedFleet implements AutoCloseable {
  private final FleetSpec spec;
  private final SimClock clock;
  private final SimRecord record = new SimRecord();
  private final List<SimulatedNode> nodes = new ArrayList<>();
  private final Map<String, SimulatedNode> byAddress = new LinkedHashMap<>();
  private final SimTrustd trustd = new SimTrustd();
  private final Map<String, List<SimulatedNode>> bootstrapped = new ConcurrentHashMap<>();
  private final Map<String, SimEtcdCluster> etcdClusters = new ConcurrentHashMap<>();
  private SimPki.KeyedCert clusterCa;
  private int port;
  private volatile SimKube kube;
  private SimKubeNodes kubeNodes;
  private volatile String kubernetesDefault = SimKube.DEFAULT_VERSION;

  private SimulatedFleet(FleetSpec spec, SimClock clock) {
    this.spec = spec;
    this.clock = clock;
  }

  /** Creates and starts the fleet; nodes answer when this returns. */
  public static SimulatedFleet start(FleetSpec spec, SimClock clock) {
    SimulatedFleet f = new SimulatedFleet(spec, clock);
    f.boot();
    return f;
  }

  private void boot() {
    port = spec.port() != 0 ? spec.port() : freePort(spec.address(0));
    for (int i = 0; i < spec.nodes(); i++) {
      SimulatedNode n = new SimulatedNode(spec.nodeName(i), spec.address(i), this, spec.talosVersion(), i * 7919L + 17);
      nodes.add(n);
      byAddress.put(n.address(), n);
    }
    if (spec.preconfigured()) {
      clusterCa = SimPki.ca("talos", Duration.ofDays(3650));
      String endpoint = "https://" + spec.address(0) + ":6443";
      for (int i = 0; i < nodes.size(); i++) {
        boolean cp = i < spec.controlPlanes();
        byte[] cfg = SimConfigs.node(spec.clusterName(), spec.nodeName(i), cp, clusterCa, endpoint,
            "ghcr.io/siderolabs/installer:" + spec.talosVersion());
        if (cp) {
          bootstrapped.computeIfAbsent(spec.clusterName(), k -> new ArrayList<>());
        }
        nodes.get(i).boot(MachineConfigView.parse(cfg), spec.controlPlanes() > 0);
      }
      if (spec.controlPlanes() > 0) {
        bootstrapped.get(spec.clusterName()).add(nodes.get(0));
      }
    } else {
      for (SimulatedNode n : nodes) {
        n.boot(null, false);
      }
    }
  }

  private static int freePort(String address) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new PlumbException("cannot find a free port on " + address + ": " + e.getMessage(), e);
    }
  }

  public FleetSpec spec() {
    return spec;
  }

  public SimClock clock() {
    return clock;
  }

  public SimRecord record() {
    return record;
  }

  public SimTiming timing() {
    return spec.timing();
  }

  public int port() {
    return port;
  }

  public List<SimulatedNode> nodes() {
    return List.copyOf(nodes);
  }

  public SimulatedNode node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new PlumbException("no simulated node named " + name));
  }

  public Optional<SimulatedNode> byAddress(String address) {
    return Optional.ofNullable(byAddress.get(address));
  }

  /** The OS CA of the preconfigured cluster (absent when nodes start in maintenance). */
  public Optional<SimPki.KeyedCert> clusterCa() {
    return Optional.ofNullable(clusterCa);
  }

  /** The trustd services of the control planes, which sign workers' apid certificates. */
  SimTrustd trustd() {
    return trustd;
  }

  /** A control plane's trustd answers: apid on nodes waiting for a certificate asks again, soon. */
  void trustdServes(SimTrustd.Issuer issuer) {
    trustd.serve(issuer);
    clock.schedule(java.time.Duration.ZERO, () -> {
      for (SimulatedNode n : nodes) {
        synchronized (n) { // the node's lock before its listener's, as every node method takes them
          n.apid().retry();
        }
      }
    });
  }

  void trustdStops(String address) {
    trustd.stop(address);
  }

  boolean clusterBootstrapped(String cluster) {
    List<SimulatedNode> b = bootstrapped.get(cluster);
    return b != null && !b.isEmpty();
  }

  void bootstrapped(String cluster, SimulatedNode node) {
    bootstrapped.computeIfAbsent(cluster, k -> new ArrayList<>()).add(node);
    for (SimulatedNode n : nodes) {
      if (n != node && cluster.equals(n.clusterName())) {
        n.clusterBootstrapped();
      }
    }
  }

  /** How many times etcd was bootstrapped in the cluster (more than once means a split cluster). */
  public int bootstrapCount(String cluster) {
    List<SimulatedNode> b = bootstrapped.get(cluster);
    return b == null ? 0 : b.size();
  }

  /** The etcd member table of a cluster (empty until it is bootstrapped). */
  SimEtcdCluster etcd(String cluster) {
    return etcdClusters.computeIfAbsent(cluster, c -> new SimEtcdCluster(c.hashCode() * 31L + 7));
  }

  /** Two nodes answer at each other's addresses (LifeFaults.swap moved them). */
  synchronized void readdress(SimulatedNode a, SimulatedNode b) {
    byAddress.put(a.address(), a);
    byAddress.put(b.address(), b);
  }

  /** An admin client context for the preconfigured cluster, with the given roles. */
  public TalosContext clientContext(List<String> roles) {
    SimPki.KeyedCert ca = clusterCa().orElseThrow(() ->
        new PlumbException("the fleet is not preconfigured: no cluster CA to sign a client certificate"));
    SimPki.KeyedCert client = SimPki.client(ca, roles);
    String cp = spec.address(0);
    return new TalosContext(spec.clusterName(), List.of(cp + ":" + port), List.of(cp),
        Pem.encode(ca.cert()), Pem.encode(client.cert()), Pem.encode(client.key()));
  }

  /**
   * Serves a Kubernetes API for the fleet's cluster (fabric8's mock server, see {@link SimKube}),
   * its Nodes, static pods and version following the simulated nodes ({@link SimKubeNodes}); from
   * now on the Kubeconfig call of a control plane answers with this server's address.
   * {@code kubeletVersion}: the Kubernetes version of images a config does not name (kubelet,
   * control-plane components, kube-proxy), as Talos's default Kubernetes version.
   */
  public synchronized SimKube attachKube(String kubeletVersion) {
    if (kube == null) {
      kubernetesDefault = kubeletVersion;
      kube = SimKube.start(kubeletVersion);
      kubeNodes = SimKubeNodes.follow(kube, this, kubeletVersion);
    }
    return kube;
  }

  /** The fleet's Kubernetes API, when {@link #attachKube} started one. */
  public Optional<SimKube> kube() {
    return Optional.ofNullable(kube);
  }

  /**
   * Runs one round of the Kubernetes follower now (Nodes, static pods, /version, workloads) rather
   * than waiting for the next one; a no-op without {@link #attachKube}.
   */
  public void kubeRound() {
    SimKubeNodes n;
    synchronized (this) {
      n = kubeNodes;
    }
    if (n != null) {
      n.round();
    }
  }

  /** The Kubernetes version of images a config does not name (see {@link #attachKube}). */
  public String kubernetesDefault() { // no fleet lock: read under a node's lock (node -> fleet would deadlock)
    return kubernetesDefault;
  }

  /** Writes {@code nodes.json} and, for a preconfigured fleet, an admin {@code talosconfig}. */
  public void writeFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < nodes.size(); i++) {
      SimulatedNode n = nodes.get(i);
      json.append(String.format("  {\"name\": \"%s\", \"address\": \"%s\", \"port\": %d, \"role\": \"%s\","
          + " \"maintenance\": %s}%s%n", n.name(), n.address(), port,
          i < spec.controlPlanes() ? "controlplane" : "worker", n.maintenance(), i + 1 < nodes.size() ? "," : ""));
    }
    json.append("]\n");
    Files.writeString(dir.resolve("nodes.json"), json.toString(), StandardCharsets.UTF_8);
    if (clusterCa != null) {
      Files.writeString(dir.resolve("talosconfig"), talosconfig(clientContext(List.of("os:admin"))),
          StandardCharsets.UTF_8);
    }
  }

  /** A talosconfig file holding one context. */
  public static String talosconfig(TalosContext ctx) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder sb = new StringBuilder("context: " + ctx.name() + "\ncontexts:\n  " + ctx.name() + ":\n");
    sb.append("    endpoints:\n");
    ctx.endpoints().forEach(e -> sb.append("      - ").append(e).append('\n'));
    sb.append("    nodes:\n");
    ctx.nodes().forEach(e -> sb.append("      - ").append(e).append('\n'));
    sb.append("    ca: ").append(b64.encodeToString(ctx.ca().getBytes(StandardCharsets.UTF_8))).append('\n');
    sb.append("    crt: ").append(b64.encodeToString(ctx.crt().getBytes(StandardCharsets.UTF_8))).append('\n');
    sb.append("    key: ").append(b64.encodeToString(ctx.key().getBytes(StandardCharsets.UTF_8))).append('\n');
    return sb.toString();
  }

  @Override
  public void close() {
    for (SimulatedNode n : nodes) {
      n.close();
    }
    synchronized (this) {
      if (kubeNodes != null) {
        kubeNodes.close();
      }
      if (kube != null) {
        kube.close();
      }
    }
  }
}
