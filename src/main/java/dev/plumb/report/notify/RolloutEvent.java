package dev.plumb.report.notify;

import java.time.Instant;

/**
 * One thing worth telling people about a cluster's rollout of a revision. Holds no secret: the
 * message is plumb's own text (outcomes, wave names), never file contents.
 */
public record RolloutEvent(Kind kind, String cluster, String revision, String wave, String message, Instant at) {
  /** The four moments that are notified; the reason string is what a receiver matches on. */
  public enum Kind {
    STARTED("RolloutStarted"),
    WAVE_PASSED("WavePassed"),
    HALTED("RolloutHalted"),
    CONVERGED("Converged");

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** {@code error} for a halt, else {@code info} (Flux's event severities). */
  public String severity() {
    return kind == Kind.HALTED ? "error" : "info";
  }

  public String shortRevision() {
    return revision.substring(0, Math.min(12, revision.length()));
  }
}
