package dev.plumb.talos;

/** Talos machine stages, as MachineStatus reports them. */
public enum MachineStage {
  UNKNOWN,
  BOOTING,
  INSTALLING,
  MAINTENANCE,
  RUNNING,
  REBOOTING,
  SHUTTING_DOWN,
  RESETTING,
  UPGRADING;

  /** The stage for the wire number of RuntimeMachineStage / MachineStatusEvent.MachineStage. */
  public static MachineStage ofNumber(int n) {
    MachineStage[] all = values();
    return n >= 0 && n < all.length ? all[n] : UNKNOWN;
  }
}
