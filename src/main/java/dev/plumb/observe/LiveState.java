package dev.plumb.observe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The observed state of one cluster's nodes at one moment. */
public record LiveState(String cluster, Instant at, List<NodeLive> nodes) {
  public LiveState {
    nodes = List.copyOf(nodes);
  }

  public Optional<NodeLive> node(String hostname) {
    return nodes.stream().filter(n -> n.hostname().equals(hostname)).findFirst();
  }
}
