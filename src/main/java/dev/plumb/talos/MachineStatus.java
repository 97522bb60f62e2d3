package dev.plumb.talos;

import java.util.List;

/**
 * The node's MachineStatus resource. A node is fully up when its stage is RUNNING and it is
 * ready, the same test talosctl uses.
 */
public record MachineStatus(MachineStage stage, boolean ready, List<String> unmetConditions) {
  public MachineStatus {
    unmetConditions = List.copyOf(unmetConditions);
  }

  public boolean up() {
    return stage == MachineStage.RUNNING && ready;
  }
}
