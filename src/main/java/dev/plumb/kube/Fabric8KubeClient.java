package dev.plumb.kube;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link KubeClient} on the fabric8 Kubernetes client (JDK HTTP client underneath). Built from
 * kubeconfig bytes held in memory, never from a file or the environment.
 */
public final class Fabric8KubeClient implements KubeClient {
  private final KubernetesClient client;
  private static final com.fasterxml.jackson.databind.ObjectMapper MERGE_PATCH =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final KubernetesSerialization json;

  private Fabric8KubeClient(KubernetesClient client) {
    this.client = client;
    this.json = client.getKubernetesSerialization();
  }

  /**
   * A client for the cluster a kubeconfig describes (its current context), e.g. the bytes Talos's
   * Kubeconfig call returns. A kubeconfig that does not parse is a {@link KubeException} that does
   * not quote it (it holds a private key).
   */
  public static Fabric8KubeClient fromKubeconfig(byte[] kubeconfig) {
    Config config;
    try {
      config = Config.fromKubeconfig(new String(kubeconfig, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new KubeException(0, "the kubeconfig could not be read: " + e.getClass().getSimpleName());
    }
    // fabric8 retries 429 and 5xx with backoff by default; an eviction refused by a budget is a 429
    // that the drain loop itself retries, and the reconcile loop retries the rest
    config.setRequestRetryBackoffLimit(0);
    return new Fabric8KubeClient(new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build());
  }

  /** Wraps a client built elsewhere (the simulator's mock server). */
  public static Fabric8KubeClient of(KubernetesClient client) {
    return new Fabric8KubeClient(client);
  }

  @Override
  public Scope scope(String apiVersion, String kind) {
    APIResourceList served = null;
    try {
      served = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw translate(e, "discovery of " + apiVersion);
      }
    }
    if (served != null && served.getResources() != null && !served.getResources().isEmpty()) {
      for (APIResource r : served.getResources()) {
        if (kind.equals(r.getKind()) && !r.getName().contains("/")) {
          return Boolean.TRUE.equals(r.getNamespaced()) ? Scope.NAMESPACED : Scope.CLUSTER;
        }
      }
      throw unknown(apiVersion, kind);
    }
    // the server listed nothing for this group/version (the mock server lists only CRDs): fall back
    // on the built-in types fabric8's model knows
    Class<? extends KubernetesResource> type = json.getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null || type == GenericKubernetesResource.class) {
      throw unknown(apiVersion, kind);
    }
    return Namespaced.class.isAssignableFrom(type) ? Scope.NAMESPACED : Scope.CLUSTER;
  }

  /** Whether discovery knows the kind (false: its CRD is not installed). */
  private boolean served(String apiVersion, String kind) {
    try {
      scope(apiVersion, kind);
      return true;
    } catch (KubeException e) {
      if (e.code() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Whether discovery answers that the kind is not served (false when discovery does not answer either). */
  private boolean unserved(String apiVersion, String kind) {
    try {
      return !served(apiVersion, kind);
    } catch (KubeException e) {
      return false; // the server was not reached: the list's own failure is the one to report
    }
  }

  private static KubeException unknown(String apiVersion, String kind) {
    return new KubeException(404, "unknown kind " + kind + " in " + apiVersion
        + ": the API server does not serve it (is its CRD installed?)");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> apply(Manifest manifest, boolean force) {
    GenericKubernetesResource g = json.convertValue(manifest.body(), GenericKubernetesResource.class);
    try {
      var op = client.resource(g).fieldManager(FIELD_MANAGER);
      HasMetadata live = force ? op.forceConflicts().serverSideApply() : op.serverSideApply();
      return json.convertValue(live, Map.class);
    } catch (KubernetesClientException e) {
      throw translate(e, "apply " + manifest.key());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> get(String apiVersion, String kind, String namespace, String name) {
    try {
      GenericKubernetesResource live = client.resource(skeleton(apiVersion, kind, namespace, name)).get();
      return Optional.ofNullable(live).map(l -> json.convertValue(l, Map.class));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() < 0 && !served(apiVersion, kind)) {
        return Optional.empty(); // a kind not served yet (its CRD comes with this apply) has no objects
      }
      throw translate(e, "get " + kind + "/" + name);
    }
  }

  @Override
  public boolean delete(String apiVersion, String kind, String namespace, String name) {
    try {
      List<StatusDetails> gone = client.resource(skeleton(apiVersion, kind, namespace, name))
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      return !gone.isEmpty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw translate(e, "delete " + kind + "/" + name);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> podsOnNode(String nodeName) {
    try {
      return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems().stream()
          .filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()))
          .map(p -> (Map<String, Object>) json.convertValue(p, Map.class)).toList();
    } catch (KubernetesClientException e) {
      throw translate(e, "list pods on node " + nodeName);
    }
  }

  @Override
  public boolean evict(String namespace, String pod) {
    try {
      return client.pods().inNamespace(namespace).withName(pod).evict();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true;
      }
      throw translate(e, "evict pod " + namespace + "/" + pod);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> podDisruptionBudgets(String namespace) {
    try {
      return client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems().stream()
          .map(p -> (Map<String, Object>) json.convertValue(p, Map.class)).toList();
    } catch (KubernetesClientException e) {
      throw translate(e, "list PodDisruptionBudgets in " + namespace);
    }
  }

  @Override
  public void setUnschedulable(String nodeName, boolean unschedulable) {
    try {
      client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"unschedulable\":" + unschedulable + "}}");
    } catch (KubernetesClientException e) {
      throw translate(e, (unschedulable ? "cordon" : "uncordon") + " node " + nodeName);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> list(String apiVersion, String kind, String namespace) {
    try {
      var op = client.genericKubernetesResources(apiVersion, kind);
      var items = (namespace == null || namespace.isEmpty() ? op.inAnyNamespace().list() : op.inNamespace(namespace)
          .list()).getItems();
      return items.stream().map(g -> (Map<String, Object>) json.convertValue(g, Map.class)).toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() < 0 && unserved(apiVersion, kind)) {
        return List.of(); // a group/version or kind the server does not serve has no objects
      }
      throw translate(e, "list " + kind + " in " + apiVersion);
    }
  }

  @Override
  public void annotate(String apiVersion, String kind, String namespace, String name, String key, String value) {
    Map<String, Object> patch = Map.of("metadata", Map.of("annotations",
        java.util.Collections.singletonMap(key, value)));
    try {
      // plain Jackson: the client's serializer leaves out null values, and a merge patch removes a key by null
      client.resource(skeleton(apiVersion, kind, namespace, name)).patch(PatchContext.of(PatchType.JSON_MERGE),
          MERGE_PATCH.writeValueAsString(patch));
    } catch (KubernetesClientException e) {
      throw translate(e, "annotate " + kind + "/" + name);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new KubeException(0, "annotate " + kind + "/" + name + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String serverVersion() {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      throw translate(e, "read the server version");
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static GenericKubernetesResource skeleton(String apiVersion, String kind, String namespace, String name) {
    GenericKubernetesResource g = new GenericKubernetesResource();
    g.setApiVersion(apiVersion);
    g.setKind(kind);
    g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace == null || namespace.isEmpty()
        ? null : namespace).build());
    return g;
  }

  /** The API server's message (its Status), never the request body. */
  private static KubeException translate(KubernetesClientException e, String what) {
    // fabric8 reports a request that never got an answer (connection refused, timeout) with code -1
    int code = Math.max(0, e.getCode());
    String message = code == 0 ? "the API server did not answer (" + rootCause(e) + ")"
        : e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : "HTTP " + code;
    return new KubeException(code, what + ": " + message, e);
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }
}
