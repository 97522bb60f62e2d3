package dev.plumb.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API of a simulated cluster: fabric8's mock server in CRUD mode with
 * {@link SimKubeDispatcher} on top (server-side apply, eviction with PodDisruptionBudgets, CRDs
 * Established and Namespaces Active at once, {@code /version}). Node objects ({@link #upsertNode}),
 * the control planes' static pods and the version follow the simulated nodes through
 * {@link SimKubeNodes}; workloads become healthy when {@link SimKubeWorkloads#settle} runs, as their
 * controllers would make them, unless a test marked them failing.
 *
 * <p>What it does not model: field ownership of server-side apply (managedFields, conflicts
 * between managers; apply merges like a JSON merge patch), admission and validation, garbage
 * collection of owned objects, real scheduling, and the node lifecycle controller's timing
 * (approximated by {@link SimKubeNodes}). It serves plain HTTP on localhost. SimKubeLimitsIT pins
 * these gaps down.
 */
public final class SimKube implements AutoCloseable {
  /** Kept so the level set below is not lost when the logger is collected. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  /** The Kubernetes version of a simulated cluster whose configs name none (SimConfigs' kubelet). */
  public static final String DEFAULT_VERSION = "v1.34.1";
  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final SimKubeWorkloads workloads;
  private final AtomicReference<String> serverVersion;

  private SimKube(KubernetesMockServer server, AtomicReference<String> serverVersion) {
    this.server = server;
    this.serverVersion = serverVersion;
    this.admin = server.createClient();
    this.workloads = new SimKubeWorkloads(admin);
  }

  /** Starts a mock API server on a free localhost port. */
  public static SimKube start() {
    return start(DEFAULT_VERSION);
  }

  /** Starts a mock API server whose {@code /version} answers {@code gitVersion} until told otherwise. */
  public static SimKube start(String gitVersion) {
    MOCK_LOG.setLevel(Level.WARNING);
    AtomicReference<String> version = new AtomicReference<>(gitVersion);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new SimKubeDispatcher(version::get), false);
    server.init();
    return new SimKube(server, version);
  }

  /** The server's URL (http://localhost:port). */
  public String url() {
    return server.url("/").replaceAll("/$", "");
  }

  /** A kubeconfig for this server (no credentials: the mock accepts any request). */
  public byte[] kubeconfig() {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sim
          cluster:
            server: %s
        users:
        - name: sim
          user: {}
        contexts:
        - name: sim
          context:
            cluster: sim
            user: sim
            namespace: default
        current-context: sim
        """.formatted(url());
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  /** A client with no restrictions, for tests and for the simulator's own updates. */
  public KubernetesClient admin() {
    return admin;
  }

  /** The workload marks (healthy / failing) of this cluster. */
  public SimKubeWorkloads workloads() {
    return workloads;
  }

  /**
   * Creates or updates the Node object of a simulated node: Ready condition (and the not-ready taint
   * kubelet's node lifecycle puts on a node that is not), kubelet version, control-plane role label.
   */
  public void upsertNode(String name, boolean ready, String kubeletVersion, boolean controlPlane) {
    upsertNode(ready ? KubeNodeState.ready(name, kubeletVersion, controlPlane)
        : KubeNodeState.notReady(name, kubeletVersion, controlPlane, "KubeletNotReady", null));
  }

  /**
   * Creates or updates a Node to this state. The taints the simulator manages (not-ready,
   * unreachable) follow the state; other taints and the cordon (spec.unschedulable) are kept.
   */
  public void upsertNode(KubeNodeState state) {
    Map<String, String> labels = new HashMap<>();
    labels.put("kubernetes.io/hostname", state.name());
    labels.put("kubernetes.io/os", "linux");
    if (state.controlPlane()) {
      labels.put("node-role.kubernetes.io/control-plane", "");
    }
    Node existing = admin.nodes().withName(state.name()).get();
    if (existing != null && state.matches(existing)) {
      return;
    }
    boolean unschedulable = existing != null && existing.getSpec() != null
        && Boolean.TRUE.equals(existing.getSpec().getUnschedulable());
    List<Taint> taints = new ArrayList<>();
    if (existing != null && existing.getSpec() != null && existing.getSpec().getTaints() != null) {
      existing.getSpec().getTaints().stream().filter(t -> !KubeNodeState.MANAGED_TAINTS.contains(t.getKey()))
          .forEach(taints::add);
    }
    state.taints().forEach(t -> taints.add(new TaintBuilder().withKey(t[0]).withEffect(t[1]).build()));
    Node node = new NodeBuilder().withNewMetadata().withName(state.name()).withLabels(labels).endMetadata()
        .withNewSpec().withUnschedulable(unschedulable).withTaints(taints).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(state.ready())
        .withReason(state.reason()).withMessage(state.message()).endCondition()
        .withNewNodeInfo().withKubeletVersion(state.kubeletVersion()).endNodeInfo().endStatus().build();
    admin.resource(node).createOr(op -> op.update());
  }

  /** The version {@code /version} answers (gitVersion, e.g. v1.34.1). */
  public String serverVersion() {
    return serverVersion.get();
  }

  /** The apiserver now runs this version (gitVersion, e.g. v1.34.1). */
  public void serverVersion(String gitVersion) {
    serverVersion.set(gitVersion);
  }

  /**
   * Adds a pod bound to a node, Ready, with the labels given; {@code ownerKind} (e.g. DaemonSet,
   * ReplicaSet) sets a controller owner reference, null for none.
   */
  public void addPod(String namespace, String name, String nodeName, Map<String, String> labels, String ownerKind) {
    var b = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName("c").withImage("registry.k8s.io/pause:3.10")
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus();
    if (ownerKind != null) {
      b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(name + "-owner")
          .withUid("uid-" + name).withController(true).endOwnerReference().endMetadata();
    }
    admin.resource(b.build()).create();
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }
}
