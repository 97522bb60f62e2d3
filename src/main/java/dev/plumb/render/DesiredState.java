package dev.plumb.render;

import java.util.List;

/** What every cluster of a snapshot should be. */
public record DesiredState(List<ClusterDesired> clusters) {
  public DesiredState {
    clusters = List.copyOf(clusters);
  }
}
