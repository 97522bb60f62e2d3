package dev.plumb.observe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The observed state of one cluster at one moment: its nodes over the Talos API, and what its
 * Kubernetes API shows ({@link KubeLive#unknown} when not observed).
 */
public record LiveState(String cluster, Instant at, List<NodeLive> nodes, KubeLive kube) {
  public LiveState {
    nodes = List.copyOf(nodes);
  }

  /** Nodes only: Kubernetes not observed. */
  public LiveState(String cluster, Instant at, List<NodeLive> nodes) {
    this(cluster, at, nodes, KubeLive.unknown("not observed"));
  }

  public Optional<NodeLive> node(String hostname) {
    return nodes.stream().filter(n -> n.hostname().equals(hostname)).findFirst();
  }

  /** The same nodes with this Kubernetes view. */
  public LiveState withKube(KubeLive k) {
    return new LiveState(cluster, at, nodes, k);
  }
}
