package dev.plumb.talos;

import dev.plumb.fleet.PlumbException;

/**
 * A Talos API call failed. {@link #kind()} says why, so that callers can tell an unreachable node
 * (a state to observe) from a refused request (a bug or a bad config) without parsing text.
 */
public class TalosException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /** Why a call failed, sorted by what the caller can do about it. */
  public enum Kind {
    /** Nothing answered: connection refused, reset, or the node is rebooting. */
    UNREACHABLE,
    /** The TLS handshake failed: wrong CA, a rejected client certificate, or no certificate. */
    TLS,
    /** The node answered but the client certificate lacks the role the method needs. */
    PERMISSION_DENIED,
    /** The node has no config yet and only serves the insecure maintenance API. */
    MAINTENANCE,
    /** No answer within the deadline. */
    TIMEOUT,
    /** The node refused the request as invalid (InvalidArgument). */
    REJECTED,
    /** The node cannot do this now (FailedPrecondition), e.g. another apply is in progress. */
    PRECONDITION,
    /** The thing asked for does not exist (NotFound). */
    NOT_FOUND,
    /** It exists already (AlreadyExists), e.g. etcd was bootstrapped before. */
    ALREADY_EXISTS,
    /** The node does not implement this call, e.g. a control-plane call on a worker. */
    UNIMPLEMENTED,
    /** The proxying endpoint answered OK but reported this node's failure in-band. */
    NODE_ERROR,
    /** Anything else. */
    OTHER
  }

  private final Kind kind;
  private final String target;

  public TalosException(Kind kind, String target, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.target = target;
  }

  public TalosException(Kind kind, String target, String message) {
    this(kind, target, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The node (or endpoint) the call was for, as the caller named it. */
  public String target() {
    return target;
  }
}
