package dev.plumb.rollout;

/**
 * An action that must not go on and halts the rollout at a gate, with the reason (a drain that
 * PodDisruptionBudgets blocked past its timeout, manifests the API server refused). Nothing further
 * is touched; the message names the object or node and never holds a secret.
 */
public final class HaltException extends RuntimeException {
  private final Gate gate;

  public HaltException(Gate gate, String message) {
    super(message);
    this.gate = gate;
  }

  public Gate gate() {
    return gate;
  }
}
