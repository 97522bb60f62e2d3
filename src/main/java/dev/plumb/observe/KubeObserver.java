package dev.plumb.observe;

import dev.plumb.kube.DriftDetector;
import dev.plumb.kube.Inventory;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeApplier;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.KubeException;
import dev.plumb.kube.Manifest;
import dev.plumb.kube.NodeReadiness;
import dev.plumb.kube.PrunePlan;
import dev.plumb.render.ClusterDesired;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Kubernetes half of an observation ({@link KubeLive}) through the cluster's
 * {@link KubeAccess}: the Nodes (one LIST), the mirror pods of the control-plane static pods, and,
 * in a full observation only, the drift of the desired objects and what a prune would delete.
 * A gated observation (every poll of a rollout) reads Nodes and static pods only.
 *
 * <p>An API server that does not answer is a state ({@code reachable} false, with the reason),
 * never an exception; a connection failure makes the access drop its client.
 */
public final class KubeObserver {
  /** Set by the kubelet on the mirror pod of a static pod (kubelet's ConfigMirrorAnnotationKey). */
  static final String MIRROR = "kubernetes.io/config.mirror";

  private KubeObserver() {}

  /**
   * The cluster as its API shows it now; {@code full}: drift and prune too. {@code nodeNames}
   * (hostname to Node name, from Talos) is carried into the result as given.
   */
  public static KubeLive observe(KubeAccess access, ClusterDesired desired, boolean full,
      Map<String, String> nodeNames) {
    var client = access.client();
    if (client.isEmpty()) {
      return KubeLive.unknown(access.why());
    }
    try {
      return read(client.get(), desired, full, nodeNames);
    } catch (KubeException e) {
      access.failed(e);
      return KubeLive.unknown("the Kubernetes API did not answer: " + e.getMessage());
    }
  }

  private static KubeLive read(KubeClient c, ClusterDesired desired, boolean full, Map<String, String> nodeNames) {
    Map<String, NodeReadiness.Reading> nodes = new LinkedHashMap<>();
    for (Map<String, Object> n : c.list("v1", "Node", "")) {
      nodes.put(str(n, "metadata", "name"), NodeReadiness.of(n));
    }
    List<KubeLive.StaticPod> pods = staticPods(c.list("v1", "Pod", "kube-system"));
    String version = "";
    List<dev.plumb.kube.Drift> drift = List.of();
    PrunePlan prune = new PrunePlan(List.of(), List.of());
    String detail = "";
    Map<dev.plumb.fleet.ResourceKey, String> applied = new LinkedHashMap<>();
    if (full) {
      version = c.serverVersion();
      try {
        List<Manifest> manifests = desired.objects().stream()
            .map(o -> new Manifest(o.key(), o.apiVersion(), o.body().reveal())).toList();
        Map<dev.plumb.fleet.ResourceKey, Inventory.Entry> inventory = Inventory.read(c);
        if (!manifests.isEmpty() || !inventory.isEmpty()) {
          drift = DriftDetector.detect(c, manifests).stream().filter(dev.plumb.kube.Drift::drifted).toList();
          prune = new KubeApplier(c, Clock.systemUTC(), d -> { }).planPrune(manifests);
          // the Git digest plumb last applied per object: the planner tells a Git change from live drift
          inventory.forEach((key, e) -> applied.put(key, e.sha256()));
        }
      } catch (KubeException e) {
        if (e.code() == 0) {
          throw e;
        }
        detail = "drift and prune not read: " + e.getMessage();
      }
    }
    return new KubeLive(true, detail, version, nodeNames, nodes, pods, drift, prune, applied);
  }

  /** The mirror pods in kube-system: component from the k8s-app (else component) label Talos sets. */
  static List<KubeLive.StaticPod> staticPods(List<Map<String, Object>> kubeSystem) {
    List<KubeLive.StaticPod> out = new ArrayList<>();
    for (Map<String, Object> p : kubeSystem) {
      if (str(p, "metadata", "annotations", MIRROR) == null) {
        continue;
      }
      String component = str(p, "metadata", "labels", "k8s-app");
      if (component == null) {
        component = str(p, "metadata", "labels", "component");
      }
      String image = "";
      if (get(p, "spec", "containers") instanceof List<?> cs && !cs.isEmpty() && cs.get(0) instanceof Map<?, ?> c0) {
        image = String.valueOf(c0.get("image"));
      }
      boolean ready = false;
      if (get(p, "status", "conditions") instanceof List<?> conds) {
        ready = conds.stream().anyMatch(x -> x instanceof Map<?, ?> m && "Ready".equals(m.get("type"))
            && "True".equals(String.valueOf(m.get("status"))));
      }
      out.add(new KubeLive.StaticPod(String.valueOf(str(p, "spec", "nodeName")),
          component == null ? String.valueOf(str(p, "metadata", "name")) : component, image, ready));
    }
    return out;
  }

  private static Object get(Map<String, Object> m, String... path) {
    Object o = m;
    for (String k : path) {
      if (!(o instanceof Map<?, ?> mm)) {
        return null;
      }
      o = mm.get(k);
    }
    return o;
  }

  private static String str(Map<String, Object> m, String... path) {
    Object o = get(m, path);
    return o == null ? null : String.valueOf(o);
  }
}
