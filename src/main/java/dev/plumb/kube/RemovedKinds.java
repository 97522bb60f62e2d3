package dev.plumb.kube;

import java.util.List;
import java.util.Optional;

/**
 * The API versions Kubernetes stopped serving, per minor release
 * (kubernetes.io/docs/reference/using-api/deprecation-guide, and the resources talosctl
 * upgrade-k8s lists in siderolabs/go-kubernetes kubernetes/upgrade/checks.go). An object of such a
 * group/version/kind stops working once the API server reaches that minor.
 */
public final class RemovedKinds {
  /** One group/version/kind and the minor (1.x) whose API server no longer serves it. */
  public record Removed(int minor, String apiVersion, String kind, String replacement) {}

  public static final List<Removed> TABLE = List.of(
      new Removed(16, "extensions/v1beta1", "Deployment", "apps/v1"),
      new Removed(16, "extensions/v1beta1", "DaemonSet", "apps/v1"),
      new Removed(16, "extensions/v1beta1", "ReplicaSet", "apps/v1"),
      new Removed(16, "apps/v1beta1", "Deployment", "apps/v1"),
      new Removed(16, "apps/v1beta2", "Deployment", "apps/v1"),
      new Removed(16, "apps/v1beta1", "StatefulSet", "apps/v1"),
      new Removed(16, "apps/v1beta2", "StatefulSet", "apps/v1"),
      new Removed(16, "apps/v1beta2", "DaemonSet", "apps/v1"),
      new Removed(16, "extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1"),
      new Removed(22, "admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration",
          "admissionregistration.k8s.io/v1"),
      new Removed(22, "admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/v1"),
      new Removed(22, "apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "apiextensions.k8s.io/v1"),
      new Removed(22, "apiregistration.k8s.io/v1beta1", "APIService", "apiregistration.k8s.io/v1"),
      new Removed(22, "certificates.k8s.io/v1beta1", "CertificateSigningRequest", "certificates.k8s.io/v1"),
      new Removed(22, "coordination.k8s.io/v1beta1", "Lease", "coordination.k8s.io/v1"),
      new Removed(22, "extensions/v1beta1", "Ingress", "networking.k8s.io/v1"),
      new Removed(22, "networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1"),
      new Removed(22, "networking.k8s.io/v1beta1", "IngressClass", "networking.k8s.io/v1"),
      new Removed(22, "rbac.authorization.k8s.io/v1beta1", "ClusterRole", "rbac.authorization.k8s.io/v1"),
      new Removed(22, "rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
      new Removed(22, "rbac.authorization.k8s.io/v1beta1", "Role", "rbac.authorization.k8s.io/v1"),
      new Removed(22, "rbac.authorization.k8s.io/v1beta1", "RoleBinding", "rbac.authorization.k8s.io/v1"),
      new Removed(22, "scheduling.k8s.io/v1beta1", "PriorityClass", "scheduling.k8s.io/v1"),
      new Removed(22, "storage.k8s.io/v1beta1", "CSIDriver", "storage.k8s.io/v1"),
      new Removed(22, "storage.k8s.io/v1beta1", "CSINode", "storage.k8s.io/v1"),
      new Removed(22, "storage.k8s.io/v1beta1", "StorageClass", "storage.k8s.io/v1"),
      new Removed(22, "storage.k8s.io/v1beta1", "VolumeAttachment", "storage.k8s.io/v1"),
      new Removed(25, "batch/v1beta1", "CronJob", "batch/v1"),
      new Removed(25, "discovery.k8s.io/v1beta1", "EndpointSlice", "discovery.k8s.io/v1"),
      new Removed(25, "events.k8s.io/v1beta1", "Event", "events.k8s.io/v1"),
      new Removed(25, "autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2"),
      new Removed(25, "policy/v1beta1", "PodDisruptionBudget", "policy/v1"),
      new Removed(25, "policy/v1beta1", "PodSecurityPolicy", "Pod Security Admission"),
      new Removed(25, "node.k8s.io/v1beta1", "RuntimeClass", "node.k8s.io/v1"),
      new Removed(26, "flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(26, "flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration",
          "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(26, "autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2"),
      new Removed(27, "storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1"),
      new Removed(29, "flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(29, "flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration",
          "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(29, "networking.k8s.io/v1alpha1", "ClusterCIDR", "none (the feature was withdrawn)"),
      new Removed(32, "flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(32, "flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration",
          "flowcontrol.apiserver.k8s.io/v1"),
      new Removed(32, "resource.k8s.io/v1alpha3", "PodSchedulingContext", "none (removed with classic DRA)"));

  private RemovedKinds() {}

  /** The kinds whose API version stops being served on the way from {@code from} to {@code to}. */
  public static List<Removed> between(KubeVersion from, KubeVersion to) {
    if (from.major() != 1 || to.major() != 1) {
      return List.of();
    }
    return TABLE.stream().filter(r -> r.minor() > from.minor() && r.minor() <= to.minor()).toList();
  }

  /** The removal that makes {@code apiVersion}/{@code kind} unserved at {@code to}, if any. */
  public static Optional<Removed> unservedAt(KubeVersion to, String apiVersion, String kind) {
    return TABLE.stream().filter(r -> to.major() == 1 && r.minor() <= to.minor()
        && r.apiVersion().equals(apiVersion) && r.kind().equals(kind)).findFirst();
  }
}
