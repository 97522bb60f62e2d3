package dev.plumb.observe;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.Endpoint;
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
 * Reads the live state of every node of a cluster, in parallel on a bounded pool, and the cluster's
 * Kubernetes API through its {@link dev.plumb.kube.KubeAccess} ({@link KubeObserver}). An unreachable
 * node, or API server, is a state, not an exception. A gated node's Kubernetes Node readiness comes
 * from the Kubernetes API when it answers, else from Talos's NodeStatus.
 */
public final class Observer {
  private final TalosClient secure;
  private final TalosClient insecure;
  private final int talosPort;
  private final ExecutorService pool;
  private final InstantSource clock;
  private volatile dev.plumb.kube.KubeAccess kube = dev.plumb.kube.KubeAccess.none("no Kubernetes access");
  private volatile List<NodeTarget> controlPlanesUp = List.of();
  /** The Kubernetes Node name of each node, as last read from its Nodename resource. */
  private final java.util.Map<String, String> nodenames = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.regex.Pattern NODENAME =
      java.util.regex.Pattern.compile("(?m)^nodename:\\s*['\"]?([^'\"\\s]+)['\"]?\\s*$");
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

  /**
   * The cluster's Kubernetes API access (issue 9): the observer reads Nodes, static pods and
   * manifest drift through it, and the actuator applies and drains through it.
   */
  public Observer withKube(dev.plumb.kube.KubeAccess k) {
    this.kube = k;
    return this;
  }

  public dev.plumb.kube.KubeAccess kube() {
    return kube;
  }

  /** The endpoint plumb dials for a node: its first address on the Talos port. */
  public NodeTarget target(NodeConfig n, boolean maintenance) {
    Endpoint ep = new Endpoint(n.addresses().get(0), talosPort);
    return maintenance ? NodeTarget.maintenance(ep) : NodeTarget.direct(ep);
  }

  /**
   * A full observation: every node, and the cluster's Kubernetes API with the drift of the desired
   * objects and what a prune would delete (see {@link KubeObserver}).
   */
  public LiveState observe(ClusterDesired c) {
    return observe(c, java.util.Set.of(), true);
  }

  /**
   * A gated observation (a rollout polling its gates): every node, the Kubernetes Nodes and static
   * pods, and the Kubernetes Node reading of the {@code gated} nodes; no drift or prune.
   */
  public LiveState observe(ClusterDesired c, java.util.Set<String> gated) {
    return observe(c, gated, false);
  }

  private LiveState observe(ClusterDesired c, java.util.Set<String> gated, boolean full) {
    List<CompletableFuture<NodeLive>> futures = new ArrayList<>();
    for (NodeConfig n : c.nodes()) {
      boolean kube = gated.contains(n.hostname());
      futures.add(CompletableFuture.supplyAsync(() -> node(c, n, kube), pool));
    }
    List<NodeLive> nodes = new ArrayList<>();
    futures.forEach(f -> nodes.add(f.join()));
    List<NodeTarget> cps = new ArrayList<>();
    for (NodeConfig n : c.nodes()) {
      if (n.controlPlane() && nodes.stream().anyMatch(l -> l.hostname().equals(n.hostname()) && l.reach() == Reach.UP)) {
        cps.add(target(n, false));
      }
    }
    controlPlanesUp = List.copyOf(cps);
    // the gated nodes' Node names are read while the Kubernetes API is asked
    java.util.Map<String, CompletableFuture<String>> names = nodenames(c, nodes, gated::contains);
    KubeLive k = KubeObserver.observe(kube, c, full, java.util.Map.of());
    if (k.reachable() && full) {
      names.putAll(nodenames(c, nodes, h -> !names.containsKey(h)));
    }
    java.util.Map<String, String> nodeNames = new java.util.TreeMap<>();
    names.forEach((h, f) -> {
      String name = f.join();
      if (!name.isEmpty()) {
        nodeNames.put(h, name);
        this.nodenames.put(h, name);
      }
    });
    if (!k.reachable()) {
      return new LiveState(c.name(), clock.instant(), talosKubeNodes(c, nodes, gated, nodeNames), k);
    }
    // a node not read this time keeps the Node name read last time (it only changes with its hostname)
    nodes.forEach(l -> {
      String known = this.nodenames.get(l.hostname());
      if (known != null) {
        nodeNames.putIfAbsent(l.hostname(), known);
      }
    });
    k = new KubeLive(true, k.detail(), k.serverVersion(), nodeNames, k.nodes(), k.staticPods(), k.drift(), k.prune(),
        k.applied());
    List<NodeLive> out = new ArrayList<>();
    for (NodeLive l : nodes) {
      out.add(gated.contains(l.hostname()) && l.reach() == Reach.UP ? l.withKubeNode(kubeNode(k, l.hostname())) : l);
    }
    // issue 9, Kubernetes upgrades: the removed-API check and the bootstrap manifests' version
    return KubeUpgradeReader.attach(new LiveState(c.name(), clock.instant(), out, k), c, kube);
  }

  /** The control planes that answered the last observation: where the kubeconfig is fetched from. */
  public List<NodeTarget> controlPlanesUp() {
    return controlPlanesUp;
  }

  /** The Node reading from the Kubernetes API: a Node the API does not know is unknown (pending). */
  static NodeLive.KubeNode kubeNode(KubeLive k, String hostname) {
    return k.node(hostname).map(r -> switch (r.state()) {
      case READY -> NodeLive.KubeNode.READY;
      case NOT_READY -> NodeLive.KubeNode.NOT_READY;
      case UNKNOWN -> NodeLive.KubeNode.UNKNOWN;
    }).orElse(NodeLive.KubeNode.UNKNOWN);
  }

  /** The Nodename resource of the UP nodes {@code which} selects, read in parallel ("" when unreadable). */
  private java.util.Map<String, CompletableFuture<String>> nodenames(ClusterDesired c, List<NodeLive> nodes,
      java.util.function.Predicate<String> which) {
    java.util.Map<String, CompletableFuture<String>> out = new java.util.concurrent.ConcurrentHashMap<>();
    for (NodeConfig n : c.nodes()) {
      boolean up = nodes.stream().anyMatch(l -> l.hostname().equals(n.hostname()) && l.reach() == Reach.UP);
      if (up && which.test(n.hostname())) {
        out.put(n.hostname(), CompletableFuture.supplyAsync(() -> nodename(target(n, false)), pool));
      }
    }
    return out;
  }

  /**
   * Without an answering Kubernetes API, the gated nodes' Node readiness as Talos sees it: its
   * NodeStatus resource is Talos's own watch of that same Node object (kubelet's Ready condition),
   * so it is the best view left.
   */
  private List<NodeLive> talosKubeNodes(ClusterDesired c, List<NodeLive> nodes, java.util.Set<String> gated,
      java.util.Map<String, String> nodeNames) {
    List<CompletableFuture<NodeLive>> out = new ArrayList<>();
    for (NodeLive l : nodes) {
      if (!gated.contains(l.hostname()) || l.reach() != Reach.UP) {
        out.add(CompletableFuture.completedFuture(l));
        continue;
      }
      NodeConfig n = c.nodes().stream().filter(x -> x.hostname().equals(l.hostname())).findFirst().orElseThrow();
      String name = nodeNames.get(l.hostname());
      out.add(name == null ? CompletableFuture.completedFuture(l.withKubeNode(NodeLive.KubeNode.UNKNOWN))
          : CompletableFuture.supplyAsync(() -> l.withKubeNode(talosNodeStatus(target(n, false), name)), pool));
    }
    return out.stream().map(CompletableFuture::join).toList();
  }

  private NodeLive node(ClusterDesired c, NodeConfig n, boolean kube) {
    NodeTarget t = target(n, false);
    String version;
    try {
      version = secure.version(t).tag();
    } catch (TalosException e) {
      return switch (e.kind()) {
        case MAINTENANCE -> maintenance(c, n);
        case UNREACHABLE, TIMEOUT -> NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.UNREACHABLE, e.getMessage());
        default -> NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.FOREIGN, e.getMessage());
      };
    }
    String sha;
    byte[] config;
    MachineStatus st;
    try {
      config = secure.machineConfig(t);
      sha = liveSha(config, n);
      st = secure.machineStatus(t);
    } catch (TalosException e) {
      return NodeLive.unreachable(n.hostname(), t.endpoint().host(),
          e.kind() == TalosException.Kind.UNREACHABLE || e.kind() == TalosException.Kind.TIMEOUT
              ? Reach.UNREACHABLE : Reach.FOREIGN, e.getMessage());
    }
    // MachineService/Hostname answers the kernel hostname, which Talos sets from its HostnameStatus
    // (the first label of machine.network.hostname, talhelper's node hostname); the Nodename resource
    // names the Kubernetes Node instead (it may be the FQDN), so the Hostname call is the one to compare
    // A machine that runs exactly the config Git gives this node (hostname included) is this node;
    // only when the configs differ is it asked who it is: the check costs no call on an in-sync fleet.
    String answersAs = sha.equals(n.sha256()) ? n.hostname() : orEmpty(() -> secure.hostname(t));
    // the boot id only serves gates (the actuator reads its own right before acting)
    String bootId = kube ? orEmpty(() -> secure.bootId(t)) : "";
    // only a factory installer names a schematic to compare with: skip the read otherwise
    String schematic = ImageSchematic.inImage(n.installerImage()).isEmpty() ? "" : orEmpty(() -> ImageSchematic.of(
        secure.resourceYamls(t, "runtime", "ExtensionStatuses.runtime.talos.dev")));
    DeclaredIdentity declared = DeclaredIdentity.of(n, c.policy());
    String uuid = declared.uuid().isEmpty() ? "" : orEmpty(() -> HardwareIdentity.uuid(
        secure.resourceYaml(t, "hardware", "SystemInformations.hardware.talos.dev", "systeminformation")));
    List<String> macs = declared.macs().isEmpty() ? List.of() : links(secure, t);
    EtcdView etcd = n.controlPlane() ? EtcdReader.read(secure, t) : EtcdView.unknown("not a control plane");
    boolean member = etcd.members().stream().anyMatch(m -> m.hostname().equals(n.hostname())
        || (etcd.localId() != 0 && m.id() == etcd.localId()));
    boolean etcdHealthy = member && etcd.known() && etcd.leader() != 0 && etcd.errors().isEmpty();
    NodeLive live = new NodeLive(n.hostname(), t.endpoint().host(), Reach.UP, sha, version, st.stage(), st.ready(),
        st.unmetConditions(), member, etcdHealthy, etcd.known() ? "" : etcd.error(),
        dev.plumb.render.sops.Sensitive.of(config), uuid,
        NodeLive.KubeNode.UNKNOWN, bootId, answersAs, schematic, etcd, macs);
    return foreign(live, declared);
  }

  /**
   * A machine that answers over mTLS but reports another hostname, or another hardware identity
   * than Git declares, is not this node (two swapped addresses): FOREIGN, so that nothing is sent.
   */
  static NodeLive foreign(NodeLive l, DeclaredIdentity declared) {
    if (!l.answersAs().isEmpty() && !DeclaredIdentity.sameHost(l.hostname(), l.answersAs())) {
      return l.withReach(Reach.FOREIGN, "the machine at " + l.address() + " answers as " + l.answersAs()
          + ", not " + l.hostname());
    }
    if (declared.declared()) {
      var why = declared.mismatch(l.hardwareUuid(), l.macs());
      if (why.isPresent()) {
        return l.withReach(Reach.FOREIGN, "the machine at " + l.address() + " is not the declared "
            + l.hostname() + ": " + why.get());
      }
    }
    return l;
  }

  private static List<String> links(TalosClient c, NodeTarget t) {
    try {
      return HardwareIdentity.macs(c.resourceYamls(t, "network", "LinkStatuses.net.talos.dev"));
    } catch (TalosException e) {
      return List.of();
    }
  }

  private static String orEmpty(java.util.function.Supplier<String> read) {
    try {
      return read.get();
    } catch (TalosException e) {
      return "";
    }
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

  /**
   * The node's Kubernetes Node name from its Nodename resource (the name the kubelet registers: it
   * may differ from the hostname, e.g. an FQDN); empty when it cannot be read.
   */
  private String nodename(NodeTarget t) {
    try {
      java.util.regex.Matcher m = NODENAME.matcher(secure.resourceYaml(t, "k8s", "Nodenames.kubernetes.talos.dev",
          "nodename"));
      return m.find() ? m.group(1) : "";
    } catch (TalosException e) {
      return "";
    }
  }

  /** Talos's view of the Node object (COSI NodeStatus); unknown when it cannot be read. */
  private NodeLive.KubeNode talosNodeStatus(NodeTarget t, String nodename) {
    try {
      String yaml = secure.resourceYaml(t, "k8s", "NodeStatuses.kubernetes.talos.dev", nodename);
      return yaml.contains("nodeReady: true") ? NodeLive.KubeNode.READY : NodeLive.KubeNode.NOT_READY;
    } catch (TalosException e) {
      return NodeLive.KubeNode.UNKNOWN;
    }
  }

  private NodeLive maintenance(ClusterDesired c, NodeConfig n) {
    NodeTarget t = target(n, true);
    try {
      String version = insecure.version(t).tag();
      String uuid = orEmpty(() -> HardwareIdentity.uuid(insecure.resourceYaml(t, "hardware",
          "SystemInformations.hardware.talos.dev", "systeminformation")));
      List<String> macs = links(insecure, t);
      return new NodeLive(n.hostname(), t.endpoint().host(), Reach.MAINTENANCE, "", version, MachineStage.MAINTENANCE,
          false, List.of(), false, false, "maintenance mode", dev.plumb.render.sops.Sensitive.of(new byte[0]), uuid,
          NodeLive.KubeNode.UNKNOWN, "", orEmpty(() -> insecure.hostname(t)), "", EtcdView.unknown("maintenance mode"),
          macs);
    } catch (TalosException e) {
      return NodeLive.unreachable(n.hostname(), t.endpoint().host(), Reach.UNREACHABLE, e.getMessage());
    }
  }
}
