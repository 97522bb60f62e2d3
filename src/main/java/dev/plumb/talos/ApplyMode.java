package dev.plumb.talos;

import dev.plumb.talos.api.machine.ApplyConfigurationRequest;

/** The apply modes of ApplyConfiguration, with Talos's wire numbers (REBOOT is 0). */
public enum ApplyMode {
  REBOOT(ApplyConfigurationRequest.Mode.REBOOT),
  AUTO(ApplyConfigurationRequest.Mode.AUTO),
  NO_REBOOT(ApplyConfigurationRequest.Mode.NO_REBOOT),
  STAGED(ApplyConfigurationRequest.Mode.STAGED),
  TRY(ApplyConfigurationRequest.Mode.TRY);

  private final ApplyConfigurationRequest.Mode wire;

  ApplyMode(ApplyConfigurationRequest.Mode wire) {
    this.wire = wire;
  }

  public ApplyConfigurationRequest.Mode wire() {
    return wire;
  }

  /** The mode for a wire value; unknown values are reported as REBOOT, the wire default. */
  public static ApplyMode of(ApplyConfigurationRequest.Mode wire) {
    for (ApplyMode m : values()) {
      if (m.wire == wire) {
        return m;
      }
    }
    return REBOOT;
  }

  /** Parses a mode name as talosctl spells it ({@code auto}, {@code no-reboot}, ...). */
  public static ApplyMode parse(String s) {
    return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }
}
