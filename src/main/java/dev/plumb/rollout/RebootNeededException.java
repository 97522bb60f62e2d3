package dev.plumb.rollout;

import dev.plumb.fleet.PlumbException;

/**
 * Talos refused to apply a change without a reboot (NO_REBOOT or TRY answered "can't be applied in
 * immediate mode"): the prediction was wrong, nothing changed, and the runner re-plans the change
 * as a reboot, which then goes through the quorum guard.
 */
final class RebootNeededException extends PlumbException {
  private static final long serialVersionUID = 1L;
  private final String node;

  RebootNeededException(String node, String message) {
    super(message);
    this.node = node;
  }

  String node() {
    return node;
  }
}
