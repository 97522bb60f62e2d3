package dev.plumb.rollout;

/** How a rollout ended, sorted by what fixes it. */
public record RolloutOutcome(Kind kind, String wave, String node, Gate gate, String why) {
  public enum Kind {
    /** Live equals desired; {@code why} names what is still pending outside plumb's reach (manifests whose API did not answer). */
    CONVERGED,
    /** A gate failed or timed out: nothing further was touched; a new commit or a human fixes it. */
    HALTED,
    /** Waited too long for the cluster to settle before acting. */
    TIMED_OUT,
    /** Stopped on request. */
    CANCELLED
  }

  static RolloutOutcome converged() {
    return new RolloutOutcome(Kind.CONVERGED, "", "", null, "");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CONVERGED -> "converged" + (why.isEmpty() ? "" : " (" + why + ")");
      case HALTED -> "halted in wave '" + wave + "': node " + node + ", gate " + gate + ": " + why;
      case TIMED_OUT -> "timed out: " + why;
      case CANCELLED -> "cancelled";
    };
  }
}
