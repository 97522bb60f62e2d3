package dev.plumb.rollout;

import dev.plumb.fleet.ResourceKey;
import java.util.List;

/**
 * What one action did on its node: the summary for the listener, whether the node reboots for it
 * (the mode Talos answered with, not the prediction), the boot id read right before the action
 * (empty when it could not be read: the new-boot gate is then skipped, as talosctl skips it when
 * Read is denied), whether the config went out in TRY mode and waits for confirmation, and the
 * Kubernetes objects it applied (a manifests step: its gates wait for their health), and whether
 * it cordoned the node's Kubernetes Node (uncordoned once its gates pass).
 */
record Acted(String summary, boolean reboots, String bootBefore, boolean tried, List<ResourceKey> objects,
    boolean cordoned) {
  Acted {
    objects = List.copyOf(objects);
  }

  Acted(String summary, boolean reboots, String bootBefore, boolean tried) {
    this(summary, reboots, bootBefore, tried, List.of(), false);
  }
}
