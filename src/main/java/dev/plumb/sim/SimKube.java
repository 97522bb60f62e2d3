package dev.plumb.sim;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes API of a simulated cluster: fabric8's mock server in CRUD mode with
 * {@link SimKubeDispatcher} on top (server-side apply, eviction with PodDisruptionBudgets, CRDs
 * Established and Namespaces Active at once). Node objects follow the simulated nodes
 * ({@link #upsertNode}); workloads become healthy when {@link SimKubeWorkloads#settle} runs, as their
 * controllers would make them, unless a test marked them failing.
 *
 * <p>What it does not model: field ownership of server-side apply (managedFields, conflicts
 * between managers; apply merges like a JSON merge patch), admission and validation, garbage
 * collection of owned objects, and real scheduling. It serves plain HTTP on localhost.
 */
public final class SimKube implements AutoCloseable {
  /** Kept so the level set below is not lost when the logger is collected. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final SimKubeWorkloads workloads;

  private SimKube(KubernetesMockServer server) {
    this.server = server;
    this.admin = server.createClient();
    this.workloads = new SimKubeWorkloads(admin);
  }

  /** Starts a mock API server on a free localhost port. */
  public static SimKube start() {
    MOCK_LOG.setLevel(Level.WARNING);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new SimKubeDispatcher(), false);
    server.init();
    return new SimKube(server);
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
    Map<String, String> labels = new HashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    if (controlPlane) {
      labels.put("node-role.kubernetes.io/control-plane", "");
    }
    var existing = admin.nodes().withName(name).get();
    if (existing != null && existing.getStatus() != null && existing.getStatus().getNodeInfo() != null
        && kubeletVersion.equals(existing.getStatus().getNodeInfo().getKubeletVersion())
        && existing.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
            && c.getStatus().equals(ready ? "True" : "False"))) {
      return;
    }
    var status = new NodeBuilder().withNewStatus().addNewCondition().withType("Ready")
        .withStatus(ready ? "True" : "False").withReason(ready ? "KubeletReady" : "KubeletNotReady").endCondition()
        .withNewNodeInfo().withKubeletVersion(kubeletVersion).endNodeInfo().endStatus().build().getStatus();
    if (existing == null) {
      try {
        admin.resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
            .withNewSpec().withTaints(notReadyTaint(List.of(), ready)).endSpec().withStatus(status).build()).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // created meanwhile by another round: update it below
      }
    }
    // the kubelet and the node lifecycle controller write the status and the not-ready taint, never
    // spec.unschedulable nor annotations: a JSON patch of their fields leaves a cordon (and plumb's
    // mark on it) alone, even one made between the read and the write
    admin.nodes().withName(name).edit(n -> new NodeBuilder(n).editMetadata().addToLabels(labels).endMetadata()
        .editOrNewSpec().withTaints(notReadyTaint(n.getSpec() == null ? List.of() : n.getSpec().getTaints(), ready))
        .endSpec().withStatus(status).build());
  }

  private static List<Taint> notReadyTaint(List<Taint> taints, boolean ready) {
    List<Taint> out = new ArrayList<>();
    for (Taint t : taints == null ? List.<Taint>of() : taints) {
      if (!"node.kubernetes.io/not-ready".equals(t.getKey())) {
        out.add(t);
      }
    }
    if (!ready) {
      out.add(new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoSchedule").build());
    }
    return out;
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
