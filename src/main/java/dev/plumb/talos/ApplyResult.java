package dev.plumb.talos;

import java.util.List;

/**
 * What the node did with an ApplyConfiguration: the mode it actually used (AUTO resolves to
 * REBOOT or NO_REBOOT), its human-readable details (for a dry run, the config diff, which may
 * hold secrets and must not be logged unmasked) and validation warnings.
 */
public record ApplyResult(ApplyMode mode, String details, List<String> warnings) {
  public ApplyResult {
    warnings = List.copyOf(warnings);
  }

  /** Whether the node reboots (or rebooted) to take this config. */
  public boolean reboots() {
    return mode == ApplyMode.REBOOT;
  }
}
