package dev.plumb.kube;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order objects are applied in: first a stage of Namespaces and CRDs (waited for), then one
 * stage per {@value #WAVE} annotation value (an integer, default 0, ascending). Inside a stage
 * kinds go in the order Helm installs them (ServiceAccounts and Secrets before the workloads that
 * use them), then namespace and name: stable whatever order Git lists them in.
 */
public final class ApplyOrder {
  public static final String WAVE = "plumb.dev/wave";
  private static final List<String> KIND_ORDER = List.of("Namespace", "NetworkPolicy", "ResourceQuota",
      "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
      "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition",
      "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList",
      "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
      "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
      "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private ApplyOrder() {}

  /** Whether the object belongs to the first stage (Namespaces and CRDs). */
  public static boolean isFoundation(Manifest m) {
    return m.key().kind().equals("Namespace")
        || m.key().kind().equals("CustomResourceDefinition") && m.key().group().equals("apiextensions.k8s.io");
  }

  /** The wave of an object; a value that is not an integer is a {@link KubeException} naming the object. */
  public static int wave(Manifest m) {
    String w = m.annotation(WAVE);
    if (w == null || w.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(w.trim());
    } catch (NumberFormatException e) {
      throw new KubeException(0, m.key() + ": annotation " + WAVE + " must be an integer, found '" + w + "'");
    }
  }

  /** The stages, in order: foundation first (possibly empty), then the waves. Objects with a bad wave are left out. */
  public static List<List<Manifest>> stages(List<Manifest> manifests) {
    List<Manifest> foundation = new ArrayList<>();
    Map<Integer, List<Manifest>> waves = new TreeMap<>();
    for (Manifest m : manifests) {
      if (isFoundation(m)) {
        foundation.add(m);
        continue;
      }
      int w;
      try {
        w = wave(m);
      } catch (KubeException e) {
        continue;
      }
      waves.computeIfAbsent(w, x -> new ArrayList<>()).add(m);
    }
    List<List<Manifest>> out = new ArrayList<>();
    foundation.sort(ORDER);
    out.add(foundation);
    for (List<Manifest> w : waves.values()) {
      w.sort(ORDER);
      out.add(w);
    }
    return out;
  }

  static int kindRank(String kind) {
    int i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.size() : i;
  }

  /** Kind rank, then kind, namespace, name. */
  public static final Comparator<Manifest> ORDER = Comparator.<Manifest>comparingInt(m -> kindRank(m.key().kind()))
      .thenComparing(m -> m.key().kind()).thenComparing(m -> m.key().namespace()).thenComparing(m -> m.key().name());
}
