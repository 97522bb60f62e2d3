package dev.plumb.kube;

import java.util.Map;

/**
 * Health of a live object by kstatus's rules (kubernetes-sigs/cli-utils pkg/kstatus/status:
 * status.go for the generic part, core.go per kind). Differences: a LoadBalancer Service waits for
 * an address in status.loadBalancer.ingress (Argo CD's rule; kstatus only checks the cluster IP),
 * and a Namespace is healthy when Active.
 */
public final class HealthChecker {
  private HealthChecker() {}

  /** The health of a live object (null: missing). */
  public static Health check(Map<String, Object> live) {
    if (live == null) {
      return new Health(Health.State.MISSING, "not found");
    }
    if (KubeMaps.get(live, "metadata", "deletionTimestamp") != null) {
      return Health.progressing("being deleted");
    }
    long generation = KubeMaps.integer(live, -1, "metadata", "generation");
    long observed = KubeMaps.integer(live, -1, "status", "observedGeneration");
    if (generation >= 0 && observed >= 0 && observed < generation) {
      return Health.progressing("status is for generation " + observed + ", the object is at " + generation);
    }
    String kind = String.valueOf(live.get("kind"));
    String group = groupOf(String.valueOf(live.get("apiVersion")));
    Health h = switch (group + "/" + kind) {
      case "apps/Deployment" -> WorkloadHealth.deployment(live);
      case "apps/StatefulSet" -> WorkloadHealth.statefulSet(live);
      case "apps/DaemonSet" -> WorkloadHealth.daemonSet(live);
      case "batch/Job" -> WorkloadHealth.job(live);
      case "/PersistentVolumeClaim" -> pvc(live);
      case "/Service" -> service(live);
      case "/Namespace" -> namespace(live);
      case "/Pod" -> WorkloadHealth.pod(live);
      case "apiextensions.k8s.io/CustomResourceDefinition" -> crd(live);
      case "/ConfigMap", "/Secret", "batch/CronJob", "policy/PodDisruptionBudget" -> Health.healthy("always ready");
      default -> null;
    };
    return h != null ? h : generic(live);
  }

  static String groupOf(String apiVersion) {
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  /** kstatus's generic rule: Stalled/Reconciling, then Ready and Available conditions; none: healthy. */
  private static Health generic(Map<String, Object> live) {
    Map<String, Object> stalled = KubeMaps.condition(live, "Stalled");
    if (stalled != null && "True".equals(stalled.get("status"))) {
      return Health.failed("Stalled: " + text(stalled));
    }
    Map<String, Object> reconciling = KubeMaps.condition(live, "Reconciling");
    if (reconciling != null && "True".equals(reconciling.get("status"))) {
      return Health.progressing("Reconciling: " + text(reconciling));
    }
    for (String type : new String[] {"Ready", "Available"}) {
      Map<String, Object> c = KubeMaps.condition(live, type);
      if (c != null && !"True".equals(c.get("status"))) {
        return Health.progressing(type + " is " + c.get("status") + ": " + text(c));
      }
    }
    return Health.healthy("current");
  }

  static String text(Map<String, Object> condition) {
    Object reason = condition.get("reason");
    Object message = condition.get("message");
    return (reason == null ? "" : reason.toString()) + (message == null ? "" : (reason == null ? "" : ", ") + message);
  }

  private static Health pvc(Map<String, Object> live) {
    String phase = KubeMaps.string(live, "status", "phase");
    return "Bound".equals(phase) ? Health.healthy("PVC is Bound") : Health.progressing("PVC is not Bound, phase: " + phase);
  }

  private static Health service(Map<String, Object> live) {
    if (!"LoadBalancer".equals(KubeMaps.string(live, "spec", "type"))) {
      return Health.healthy("Service is ready");
    }
    return KubeMaps.list(KubeMaps.get(live, "status", "loadBalancer", "ingress")).isEmpty()
        ? Health.progressing("LoadBalancer has no address yet") : Health.healthy("LoadBalancer has an address");
  }

  private static Health namespace(Map<String, Object> live) {
    String phase = KubeMaps.string(live, "status", "phase");
    return "Active".equals(phase) ? Health.healthy("Namespace is Active")
        : Health.progressing("Namespace is " + (phase == null ? "not Active yet" : phase));
  }

  private static Health crd(Map<String, Object> live) {
    Map<String, Object> names = KubeMaps.condition(live, "NamesAccepted");
    if (names != null && "False".equals(names.get("status"))) {
      return Health.failed("names not accepted: " + text(names));
    }
    Map<String, Object> est = KubeMaps.condition(live, "Established");
    if (est != null && "True".equals(est.get("status"))) {
      return Health.healthy("CRD is Established");
    }
    if (est != null && "False".equals(est.get("status")) && !"Installing".equals(est.get("reason"))) {
      return Health.failed("not Established: " + text(est));
    }
    return Health.progressing("CRD is being installed");
  }
}
