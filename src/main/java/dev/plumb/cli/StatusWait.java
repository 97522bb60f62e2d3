package dev.plumb.cli;

import dev.plumb.report.StatusReport;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code plumb status --wait} waits for: the fleet converged (optionally at a given commit),
 * or halted. Judges one status report at a time.
 */
record StatusWait(boolean converged, String revision) {
  enum Verdict { REACHED, UNREACHABLE, PENDING }

  private static final Set<String> STOPPED = Set.of("halted", "stalled");

  static Optional<StatusWait> parse(String what, String revision) {
    String rev = revision == null ? "" : revision.toLowerCase(Locale.ROOT);
    return switch (what) {
      case "converged" -> Optional.of(new StatusWait(true, rev));
      case "halted" -> Optional.of(new StatusWait(false, rev));
      default -> Optional.empty();
    };
  }

  Verdict judge(StatusReport r) {
    boolean convergedHere = "converged".equals(r.phase()) && matches(r.appliedRevision());
    boolean stoppedHere = STOPPED.contains(r.phase()) && matches(r.desiredRevision());
    if (converged) {
      return convergedHere ? Verdict.REACHED : stoppedHere ? Verdict.UNREACHABLE : Verdict.PENDING;
    }
    return stoppedHere ? Verdict.REACHED : convergedHere ? Verdict.UNREACHABLE : Verdict.PENDING;
  }

  private boolean matches(String rev) {
    return revision.isEmpty() || (!rev.isEmpty() && rev.startsWith(revision));
  }

  @Override
  public String toString() {
    return (converged ? "converged" : "halted") + (revision.isEmpty() ? "" : " at " + revision);
  }
}
