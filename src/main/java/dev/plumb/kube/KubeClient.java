package dev.plumb.kube;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes API subset plumb uses, over objects held as maps. Every write goes out under the
 * field manager {@value #FIELD_MANAGER}. Failures are {@link KubeException}s carrying the API
 * server's code and message.
 */
public interface KubeClient extends AutoCloseable {
  String FIELD_MANAGER = "plumb";

  /** Whether the kind is namespaced, from discovery; an unknown kind is a {@link KubeException} naming it. */
  Scope scope(String apiVersion, String kind);

  /** Server-side apply of the manifest; {@code force} takes over fields other managers own. Returns the live object. */
  Map<String, Object> apply(Manifest manifest, boolean force);

  /** The live object, or empty when it does not exist. */
  Optional<Map<String, Object>> get(String apiVersion, String kind, String namespace, String name);

  /** Deletes the object (background propagation); false when it was already gone. */
  boolean delete(String apiVersion, String kind, String namespace, String name);

  /** The pods scheduled to a node, every namespace. */
  List<Map<String, Object>> podsOnNode(String nodeName);

  /**
   * Evicts a pod through the eviction API (policy/v1). False when the API server refused with 429:
   * a PodDisruptionBudget does not allow the disruption now.
   */
  boolean evict(String namespace, String pod);

  /** The PodDisruptionBudgets of a namespace. */
  List<Map<String, Object>> podDisruptionBudgets(String namespace);

  /** Sets {@code spec.unschedulable} of a node (cordon / uncordon). */
  void setUnschedulable(String nodeName, boolean unschedulable);

  /**
   * The objects of a kind ({@code namespace} empty: every namespace, or a cluster-scoped kind).
   * A group/version the server does not serve is an empty list, never an error.
   */
  List<Map<String, Object>> list(String apiVersion, String kind, String namespace);

  /** Sets (value non-null) or removes (null) one annotation of an object, by merge patch. */
  void annotate(String apiVersion, String kind, String namespace, String name, String key, String value);

  /** The API server's version as {@code /version} reports it (gitVersion, e.g. {@code v1.34.1}). */
  String serverVersion();

  @Override
  void close();
}
