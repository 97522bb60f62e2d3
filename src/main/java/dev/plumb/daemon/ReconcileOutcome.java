package dev.plumb.daemon;

/**
 * How one reconcile ended, sorted by what fixes it (Flux's Stalling/Waiting/Generic):
 * {@code STALLED} needs a new commit, {@code WAITING} another process to finish, {@code FAILED} a
 * retry with backoff; {@code LOCKED} means another plumb is rolling out a cluster (its lock says
 * who); {@code CONVERGED} means live equals desired.
 */
public record ReconcileOutcome(Kind kind, String revision, String reason) {
  public enum Kind { CONVERGED, STALLED, WAITING, FAILED, LOCKED }
}
