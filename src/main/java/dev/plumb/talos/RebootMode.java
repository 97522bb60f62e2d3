package dev.plumb.talos;

/** RebootRequest.Mode: DEFAULT (graceful, kexec when possible), POWERCYCLE, FORCE. */
public enum RebootMode {
  DEFAULT,
  POWERCYCLE,
  FORCE
}
