package dev.plumb.plan;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * What the maintenance windows say at one instant.
 *
 * @param state open, in flight (a begun change continues), denied, frozen or outside every allow window
 * @param reason why, for people; "" when open
 * @param nextStart when a change could start next: now when open; empty when frozen or when no start
 *     was found before {@code searchedUntil}
 * @param searchedUntil how far ahead the next start was looked for (at most
 *     {@link MaintenanceWindows#HORIZON}); the instant itself when open or frozen
 * @param zone the zone of the policy, for printing times
 */
public record WindowVerdict(State state, String reason, Optional<Instant> nextStart, Instant searchedUntil,
    ZoneId zone) {
  private static final DateTimeFormatter PRINT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

  /** The state of the windows for a change. */
  public enum State {
    /** No window forbids a change to start. */
    OPEN,
    /** A change begun earlier continues; a new one could not start now ({@code reason} says why). */
    IN_FLIGHT,
    /** A deny window is active. */
    DENIED,
    /** plumb.yaml declares a freeze. */
    FROZEN,
    /** Allow windows are declared and none is active. */
    OUTSIDE
  }

  /** True when the change may go ahead now. */
  public boolean open() {
    return state == State.OPEN || state == State.IN_FLIGHT;
  }

  /**
   * The wait reason for plan and status, e.g. {@code maintenance window: deny window "christmas" is
   * active until 2026-12-27 00:00 CET; next at 2026-12-27 00:00 CET}; empty when open.
   */
  public Optional<String> waitReason() {
    if (open()) {
      return Optional.empty();
    }
    String when = state == State.FROZEN ? "changes wait until the freeze is lifted in Git"
        : nextStart.map(t -> "next at " + print(t)).orElse("no allowed start before " + print(searchedUntil));
    return Optional.of("maintenance window: " + reason + "; " + when);
  }

  /** An instant as plan and status print it: minutes, in the policy's zone. */
  public String print(Instant t) {
    return print(t, zone);
  }

  static String print(Instant t, ZoneId zone) {
    return PRINT.format(t.atZone(zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone));
  }
}
