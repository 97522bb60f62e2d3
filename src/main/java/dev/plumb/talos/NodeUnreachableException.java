package dev.plumb.talos;

/** The node did not answer at all; observers record this as a state, not a failure. */
public final class NodeUnreachableException extends TalosException {
  private static final long serialVersionUID = 1L;

  public NodeUnreachableException(String target, String message, Throwable cause) {
    super(Kind.UNREACHABLE, target, message, cause);
  }
}
