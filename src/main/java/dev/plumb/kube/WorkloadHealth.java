package dev.plumb.kube;

import java.util.Map;

/** kstatus's rules for the workload kinds (cli-utils pkg/kstatus/status/core.go). */
final class WorkloadHealth {
  private WorkloadHealth() {}

  static Health deployment(Map<String, Object> o) {
    boolean progressing = KubeMaps.get(o, "spec", "progressDeadlineSeconds") == null;
    boolean available = false;
    Map<String, Object> p = KubeMaps.condition(o, "Progressing");
    if (p != null) {
      if ("ProgressDeadlineExceeded".equals(p.get("reason"))) {
        return Health.failed("progress deadline exceeded" + suffix(p));
      }
      if ("True".equals(p.get("status")) && "NewReplicaSetAvailable".equals(p.get("reason"))) {
        progressing = true;
      }
    }
    Map<String, Object> a = KubeMaps.condition(o, "Available");
    if (a != null && "True".equals(a.get("status"))) {
      available = true;
    }
    long spec = KubeMaps.integer(o, 1, "spec", "replicas");
    long status = KubeMaps.integer(o, 0, "status", "replicas");
    long updated = KubeMaps.integer(o, 0, "status", "updatedReplicas");
    long ready = KubeMaps.integer(o, 0, "status", "readyReplicas");
    long avail = KubeMaps.integer(o, 0, "status", "availableReplicas");
    if (spec > status) {
      return Health.progressing("replicas: " + status + "/" + spec);
    }
    if (spec > updated) {
      return Health.progressing("updated: " + updated + "/" + spec);
    }
    if (status > spec) {
      return Health.progressing("pending termination: " + (status - spec));
    }
    if (updated > avail) {
      return Health.progressing("available: " + avail + "/" + updated);
    }
    if (spec > ready) {
      return Health.progressing("ready: " + ready + "/" + spec);
    }
    if (!progressing) {
      return Health.progressing("ReplicaSet not available");
    }
    if (!available) {
      return Health.progressing("Deployment not available");
    }
    return Health.healthy("Deployment is available, replicas: " + status);
  }

  static Health statefulSet(Map<String, Object> o) {
    if ("OnDelete".equals(KubeMaps.string(o, "spec", "updateStrategy", "type"))) {
      return Health.healthy("StatefulSet uses the OnDelete update strategy");
    }
    long spec = KubeMaps.integer(o, 1, "spec", "replicas");
    long ready = KubeMaps.integer(o, 0, "status", "readyReplicas");
    long current = KubeMaps.integer(o, 0, "status", "currentReplicas");
    long updated = KubeMaps.integer(o, 0, "status", "updatedReplicas");
    long status = KubeMaps.integer(o, 0, "status", "replicas");
    long partition = KubeMaps.integer(o, -1, "spec", "updateStrategy", "rollingUpdate", "partition");
    if (spec > status) {
      return Health.progressing("replicas: " + status + "/" + spec);
    }
    if (spec > ready) {
      return Health.progressing("ready: " + ready + "/" + spec);
    }
    if (status > spec) {
      return Health.progressing("pending termination: " + (status - spec));
    }
    if (partition != -1) {
      return updated < spec - partition ? Health.progressing("updated: " + updated + "/" + (spec - partition))
          : Health.healthy("partition rollout complete, updated: " + updated);
    }
    if (spec > current) {
      return Health.progressing("current: " + current + "/" + spec);
    }
    String cur = KubeMaps.string(o, "status", "currentRevision");
    String upd = KubeMaps.string(o, "status", "updateRevision");
    if (cur == null ? upd != null : !cur.equals(upd)) {
      return Health.progressing("waiting for the updated revision to become current");
    }
    return Health.healthy("all replicas ready: " + status);
  }

  static Health daemonSet(Map<String, Object> o) {
    if (KubeMaps.get(o, "metadata", "generation") == null || KubeMaps.get(o, "status", "observedGeneration") == null) {
      return Health.progressing("DaemonSet not observed by its controller yet");
    }
    long desired = KubeMaps.integer(o, -1, "status", "desiredNumberScheduled");
    if (desired == -1) {
      return Health.progressing("missing status.desiredNumberScheduled");
    }
    String[][] checks = {{"currentNumberScheduled", "current"}, {"updatedNumberScheduled", "updated"},
        {"numberAvailable", "available"}, {"numberReady", "ready"}};
    for (String[] c : checks) {
      long n = KubeMaps.integer(o, 0, "status", c[0]);
      if (desired > n) {
        return Health.progressing(c[1] + ": " + n + "/" + desired);
      }
    }
    return Health.healthy("all pods scheduled and ready: " + desired);
  }

  static Health job(Map<String, Object> o) {
    for (Object c : KubeMaps.list(KubeMaps.get(o, "status", "conditions"))) {
      Map<String, Object> m = KubeMaps.map(c);
      if (m == null || !"True".equals(m.get("status"))) {
        continue;
      }
      switch (String.valueOf(m.get("type"))) {
        case "Complete" -> {
          return Health.healthy("Job completed");
        }
        case "Failed" -> {
          return Health.failed("Job failed" + suffix(m));
        }
        case "Suspended" -> {
          return Health.healthy("Job is suspended");
        }
        default -> { }
      }
    }
    return KubeMaps.get(o, "status", "startTime") == null ? Health.progressing("Job not started")
        : Health.healthy("Job in progress, active: " + KubeMaps.integer(o, 0, "status", "active"));
  }

  static Health pod(Map<String, Object> o) {
    String phase = KubeMaps.string(o, "status", "phase");
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Health.healthy("Pod has completed");
    }
    if ("Running".equals(phase)) {
      Map<String, Object> ready = KubeMaps.condition(o, "Ready");
      if (ready != null && "True".equals(ready.get("status"))) {
        return Health.healthy("Pod is Ready");
      }
      for (Object cs : KubeMaps.list(KubeMaps.get(o, "status", "containerStatuses"))) {
        Map<String, Object> m = KubeMaps.map(cs);
        if (m != null && "CrashLoopBackOff".equals(KubeMaps.string(m, "state", "waiting", "reason"))) {
          return Health.failed("container " + m.get("name") + " is in CrashLoopBackOff");
        }
      }
      return Health.progressing("Pod is running but not Ready");
    }
    return Health.progressing("Pod is " + (phase == null ? "not observed yet" : phase));
  }

  private static String suffix(Map<String, Object> condition) {
    String t = HealthChecker.text(condition);
    return t.isEmpty() ? "" : " (" + t + ")";
  }
}
