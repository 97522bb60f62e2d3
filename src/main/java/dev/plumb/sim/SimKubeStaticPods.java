package dev.plumb.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirror pods of the control-plane static pods, as the kubelet of a Talos control plane posts
 * them: {@code kube-apiserver-<node>}, {@code kube-controller-manager-<node>} and
 * {@code kube-scheduler-<node>} in kube-system, labelled as Talos labels its static pods
 * (siderolabs/talos internal/app/machined/pkg/controllers/k8s/control_plane_static_pod.go: tier,
 * k8s-app, component, app.kubernetes.io/*), annotated {@code kubernetes.io/config.mirror}, bound to
 * the node and owned by its Node. The container image comes from the node's live config. After an
 * image change the kubelet restarts the pod: one round with the new image and not Ready, then Ready.
 * A pod is Ready while its node is up and ready; the pods of a node that is no longer a
 * configured control plane are removed.
 */
final class SimKubeStaticPods {
  static final List<String> COMPONENTS = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");
  static final String MIRROR = "kubernetes.io/config.mirror";
  private final KubernetesClient admin;
  /** Mirror pod name -> the image its kubelet last started. */
  private final Map<String, String> started = new ConcurrentHashMap<>();

  SimKubeStaticPods(KubernetesClient admin) {
    this.admin = admin;
  }

  /** A control plane as its kubelet sees it: Node name, live config, up and ready. */
  record ControlPlane(String nodeName, SimKubeConfig config, boolean ready) {}

  /** One round: the mirror pods of these control planes, and no others. */
  void round(List<ControlPlane> controlPlanes) {
    Set<String> wanted = new HashSet<>();
    for (ControlPlane cp : controlPlanes) {
      for (String component : COMPONENTS) {
        String name = component + "-" + cp.nodeName();
        wanted.add(name);
        String image = cp.config().componentImage(component);
        String previous = started.put(name, image);
        boolean restarting = previous != null && !previous.equals(image);
        upsert(cp.nodeName(), component, image, cp.ready() && !restarting);
      }
    }
    for (Pod p : admin.pods().inNamespace("kube-system").withLabel("tier", "control-plane").list().getItems()) {
      Map<String, String> ann = p.getMetadata().getAnnotations();
      if (ann != null && ann.containsKey(MIRROR) && !wanted.contains(p.getMetadata().getName())) {
        admin.pods().inNamespace("kube-system").withName(p.getMetadata().getName()).delete();
        started.remove(p.getMetadata().getName());
      }
    }
  }

  private void upsert(String node, String component, String image, boolean ready) {
    String name = component + "-" + node;
    Pod live = admin.pods().inNamespace("kube-system").withName(name).get();
    if (live != null && image.equals(imageOf(live)) && ready == readyOf(live)) {
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("tier", "control-plane");
    labels.put("k8s-app", component);
    labels.put("component", component);
    labels.put("app.kubernetes.io/name", component);
    labels.put("app.kubernetes.io/component", "control-plane");
    labels.put("app.kubernetes.io/managed-by", "Talos");
    String hash = hash(node + "/" + image);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("kubernetes.io/config.hash", hash);
    annotations.put(MIRROR, hash);
    // Talos serves static pods to the kubelet over HTTP (StaticPodServerStatus), not from a directory
    annotations.put("kubernetes.io/config.source", "http");
    String status = ready ? "True" : "False";
    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system").withLabels(labels)
        .withAnnotations(annotations).addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(node)
        .withUid("node-" + node).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).withHostNetwork(true).withPriorityClassName("system-cluster-critical")
        .addNewContainer().withName(component).withImage(image).withCommand("/usr/local/bin/" + component)
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running")
        .addNewCondition().withType("Initialized").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus(status).endCondition()
        .addNewCondition().withType("ContainersReady").withStatus(status).endCondition()
        .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewContainerStatus().withName(component).withImage(image).withReady(ready).withStarted(ready)
        .withRestartCount(0).withNewState().withNewRunning().endRunning().endState().endContainerStatus()
        .endStatus().build();
    admin.resource(pod).createOr(op -> op.update());
  }

  private static String imageOf(Pod p) {
    return p.getSpec() == null || p.getSpec().getContainers().isEmpty() ? "" : p.getSpec().getContainers().get(0)
        .getImage();
  }

  private static boolean readyOf(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
