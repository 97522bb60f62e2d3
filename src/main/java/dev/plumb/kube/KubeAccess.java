package dev.plumb.kube;

import java.util.Optional;

/**
 * How plumb reaches one cluster's Kubernetes API: a client built from a kubeconfig held in memory
 * (from plumb's config, or fetched from the cluster's Talos API), or none with the reason why.
 * A client whose calls fail to connect is dropped with {@link #failed}, so the next call builds it
 * again (a rotated kubeconfig, an API server that moved).
 */
public interface KubeAccess extends AutoCloseable {
  /** The client now, or empty (see {@link #why}). */
  Optional<KubeClient> client();

  /** Why {@link #client} is empty (empty text when it is not). */
  String why();

  /** A call through the current client failed to reach the API server: drop it. */
  default void failed(KubeException e) {}

  @Override
  default void close() {}

  /** No Kubernetes access, for the given reason (a cluster without an API server yet, tests). */
  static KubeAccess none(String why) {
    return new KubeAccess() {
      @Override
      public Optional<KubeClient> client() {
        return Optional.empty();
      }

      @Override
      public String why() {
        return why;
      }
    };
  }

  /** Always this client (tests, {@code plumb apps}); closing the access does not close the client. */
  static KubeAccess of(KubeClient client) {
    return new KubeAccess() {
      @Override
      public Optional<KubeClient> client() {
        return Optional.of(client);
      }

      @Override
      public String why() {
        return "";
      }
    };
  }
}
