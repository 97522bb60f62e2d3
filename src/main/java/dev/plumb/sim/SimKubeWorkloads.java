package dev.plumb.sim;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the controllers of a simulated cluster: {@link #settle} writes the status a
 * healthy Deployment, StatefulSet, DaemonSet, Job, PersistentVolumeClaim or LoadBalancer Service
 * reports once its controller caught up; a workload a test marked failing ({@link #markFailing})
 * instead reports what a stuck rollout does (a Deployment's ProgressDeadlineExceeded, a Job's
 * Failed condition, a Ready=False condition for other kinds) and stays so until marked healthy.
 */
public final class SimKubeWorkloads {
  private static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job",
      "PersistentVolumeClaim", "Service");
  private final KubernetesClient admin;
  private final Map<String, String> failing = new ConcurrentHashMap<>();

  SimKubeWorkloads(KubernetesClient admin) {
    this.admin = admin;
  }

  /** From now on the workload reports failure with this reason. */
  public void markFailing(String kind, String namespace, String name, String reason) {
    failing.put(kind + "/" + namespace + "/" + name, reason);
    settle();
  }

  /** The workload reports healthy again at the next {@link #settle}. */
  public void markHealthy(String kind, String namespace, String name) {
    failing.remove(kind + "/" + namespace + "/" + name);
    settle();
  }

  /** Writes the status of every workload: healthy unless marked failing. */
  public void settle() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(admin.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(admin.apps().statefulSets().inAnyNamespace().list().getItems());
    all.addAll(admin.apps().daemonSets().inAnyNamespace().list().getItems());
    all.addAll(admin.batch().v1().jobs().inAnyNamespace().list().getItems());
    all.addAll(admin.persistentVolumeClaims().inAnyNamespace().list().getItems());
    all.addAll(admin.services().inAnyNamespace().list().getItems());
    for (HasMetadata o : all) {
      if (!KINDS.contains(o.getKind())) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> body = admin.getKubernetesSerialization().convertValue(o, Map.class);
      String reason = failing.get(o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName());
      Map<String, Object> status = reason == null ? healthy(body) : failed(body, reason);
      if (status == null || status.equals(body.get("status"))) {
        continue;
      }
      body.put("status", status);
      admin.resource(admin.getKubernetesSerialization().convertValue(body, o.getClass())).updateStatus();
    }
  }

  private static Map<String, Object> healthy(Map<String, Object> body) {
    Map<String, Object> spec = SimKubeEviction.map(body.get("spec"));
    long gen = ((Number) SimKubeEviction.map(body.get("metadata")).getOrDefault("generation", 1)).longValue();
    Map<String, Object> s = new LinkedHashMap<>();
    Object replicas = spec.getOrDefault("replicas", 1);
    switch (String.valueOf(body.get("kind"))) {
      case "Deployment" -> {
        s.put("observedGeneration", gen);
        s.put("replicas", replicas);
        s.put("updatedReplicas", replicas);
        s.put("readyReplicas", replicas);
        s.put("availableReplicas", replicas);
        s.put("conditions", List.of(
            Map.of("type", "Available", "status", "True", "reason", "MinimumReplicasAvailable"),
            Map.of("type", "Progressing", "status", "True", "reason", "NewReplicaSetAvailable")));
      }
      case "StatefulSet" -> {
        s.put("observedGeneration", gen);
        s.put("replicas", replicas);
        s.put("readyReplicas", replicas);
        s.put("currentReplicas", replicas);
        s.put("updatedReplicas", replicas);
        s.put("currentRevision", "rev-" + gen);
        s.put("updateRevision", "rev-" + gen);
      }
      case "DaemonSet" -> {
        s.put("observedGeneration", gen);
        for (String f : List.of("desiredNumberScheduled", "currentNumberScheduled", "updatedNumberScheduled",
            "numberAvailable", "numberReady")) {
          s.put(f, 1);
        }
      }
      case "Job" -> {
        s.put("startTime", "2026-01-01T00:00:00Z");
        s.put("succeeded", 1);
        s.put("conditions", List.of(Map.of("type", "Complete", "status", "True")));
      }
      case "PersistentVolumeClaim" -> s.put("phase", "Bound");
      case "Service" -> {
        if (!"LoadBalancer".equals(spec.get("type"))) {
          return null;
        }
        s.put("loadBalancer", Map.of("ingress", List.of(Map.of("ip", "10.5.0.200"))));
      }
      default -> {
        return null;
      }
    }
    return s;
  }

  private static Map<String, Object> failed(Map<String, Object> body, String reason) {
    Map<String, Object> s = new LinkedHashMap<>();
    long gen = ((Number) SimKubeEviction.map(body.get("metadata")).getOrDefault("generation", 1)).longValue();
    s.put("observedGeneration", gen);
    switch (String.valueOf(body.get("kind"))) {
      case "Deployment" -> s.put("conditions", List.of(
          Map.of("type", "Progressing", "status", "False", "reason", "ProgressDeadlineExceeded", "message", reason),
          Map.of("type", "Available", "status", "False", "reason", "MinimumReplicasUnavailable")));
      case "Job" -> s.put("conditions", List.of(Map.of("type", "Failed", "status", "True", "reason", reason)));
      default -> s.put("conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", reason)));
    }
    return s;
  }
}
