package dev.plumb.talos;

/** The node refused a machine config (InvalidArgument): invalid, or not applicable in the mode. */
public final class ApplyRejectedException extends TalosException {
  private static final long serialVersionUID = 1L;

  public ApplyRejectedException(String target, String message, Throwable cause) {
    super(Kind.REJECTED, target, message, cause);
  }
}
