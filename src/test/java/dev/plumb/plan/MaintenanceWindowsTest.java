package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.WindowsPolicy;
import dev.plumb.render.WindowsPolicy.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceWindowsTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Window WEEKNIGHTS = new Window("weeknights", "0 22 * * 1-5", Duration.ofHours(6));
  static final Window CHRISTMAS = new Window("christmas", "0 0 24 12 *", Duration.ofHours(72));

  static Instant berlin(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  static MaintenanceWindows windows(ZoneId zone, List<Window> allow, List<Window> deny) {
    return new MaintenanceWindows(new WindowsPolicy(zone, allow, deny, Optional.empty()));
  }

  @Test
  void noWindowsMeansAnyTime() {
    var w = new MaintenanceWindows(WindowsPolicy.none());
    Instant now = Instant.parse("2026-12-25T03:00:00Z");
    WindowVerdict v = w.mayStart(now);
    assertThat(v.state()).isEqualTo(WindowVerdict.State.OPEN);
    assertThat(v.nextStart()).contains(now);
    assertThat(v.waitReason()).isEmpty();
  }

  @Test
  void allowWindowOpensAtItsCronTimeAndClosesAfterItsDuration() {
    var w = windows(BERLIN, List.of(WEEKNIGHTS), List.of());
    WindowVerdict before = w.mayStart(berlin("2026-11-30T21:59")); // a Monday
    assertThat(before.state()).isEqualTo(WindowVerdict.State.OUTSIDE);
    assertThat(before.nextStart()).contains(berlin("2026-11-30T22:00"));
    assertThat(before.waitReason()).contains("maintenance window: outside every allow window (\"weeknights\");"
        + " next at 2026-11-30 22:00 CET");
    assertThat(w.mayStart(berlin("2026-11-30T22:00")).state()).isEqualTo(WindowVerdict.State.OPEN);
    assertThat(w.mayStart(berlin("2026-12-01T03:59")).state()).isEqualTo(WindowVerdict.State.OPEN);
    WindowVerdict closed = w.mayStart(berlin("2026-12-01T04:00"));
    assertThat(closed.state()).isEqualTo(WindowVerdict.State.OUTSIDE);
    assertThat(closed.nextStart()).contains(berlin("2026-12-01T22:00"));
  }

  @Test
  void fridayNightRunsIntoSaturdayThenWaitsForMonday() {
    var w = windows(BERLIN, List.of(WEEKNIGHTS), List.of());
    assertThat(w.mayStart(berlin("2026-12-05T03:30")).open()).isTrue(); // Saturday, opened Friday 22:00
    WindowVerdict weekend = w.mayStart(berlin("2026-12-05T12:00"));
    assertThat(weekend.open()).isFalse();
    assertThat(weekend.nextStart()).contains(berlin("2026-12-07T22:00"));
  }

  @Test
  void denyWinsOverAnActiveAllowWindowAndTheNextStartSkipsPastIt() {
    var w = windows(BERLIN, List.of(WEEKNIGHTS), List.of(CHRISTMAS));
    assertThat(w.mayStart(berlin("2026-12-23T23:30")).open()).isTrue(); // Wednesday night, before the deny
    WindowVerdict v = w.mayStart(berlin("2026-12-24T01:00")); // still inside Wednesday's allow window
    assertThat(v.state()).isEqualTo(WindowVerdict.State.DENIED);
    assertThat(v.reason()).isEqualTo("deny window \"christmas\" is active until 2026-12-27 00:00 CET");
    // deny ends on Sunday, outside the allow windows: the next start is Monday night
    assertThat(v.nextStart()).contains(berlin("2026-12-28T22:00"));
    assertThat(v.waitReason()).contains("maintenance window: deny window \"christmas\" is active until"
        + " 2026-12-27 00:00 CET; next at 2026-12-28 22:00 CET");
  }

  @Test
  void denyAloneLeavesEverythingElseOpenAndEndsExclusive() {
    var w = windows(BERLIN, List.of(), List.of(CHRISTMAS));
    assertThat(w.mayStart(berlin("2026-12-23T23:59")).open()).isTrue();
    WindowVerdict v = w.mayStart(berlin("2026-12-24T00:00"));
    assertThat(v.state()).isEqualTo(WindowVerdict.State.DENIED);
    assertThat(v.nextStart()).contains(berlin("2026-12-27T00:00"));
    assertThat(w.mayStart(berlin("2026-12-27T00:00")).open()).isTrue();
  }

  @Test
  void overlappingDenyWindowsWaitForTheLastToEnd() {
    Window maintenance = new Window("", "0 12 26 12 *", Duration.ofHours(48));
    var w = windows(BERLIN, List.of(), List.of(CHRISTMAS, maintenance));
    WindowVerdict v = w.mayStart(berlin("2026-12-26T13:00"));
    assertThat(v.reason()).isEqualTo("deny windows \"christmas\", \"0 12 26 12 *\" for 48h are active until"
        + " 2026-12-28 12:00 CET");
    assertThat(v.nextStart()).contains(berlin("2026-12-28T12:00"));
  }

  @Test
  void freezeForbidsEveryStartAndHasNoNextStart() {
    var w = new MaintenanceWindows(new WindowsPolicy(BERLIN, List.of(WEEKNIGHTS), List.of(),
        Optional.of("release freeze until 2027-01-07")));
    WindowVerdict v = w.mayStart(berlin("2026-11-30T23:00")); // inside an allow window
    assertThat(v.state()).isEqualTo(WindowVerdict.State.FROZEN);
    assertThat(v.nextStart()).isEmpty();
    assertThat(v.waitReason()).contains("maintenance window: frozen: release freeze until 2027-01-07;"
        + " changes wait until the freeze is lifted in Git");
    assertThat(w.mayContinue(berlin("2026-11-30T23:00")).state()).isEqualTo(WindowVerdict.State.FROZEN);
  }

  @Test
  void aChangeInFlightIsNotCutOffWhenItsWindowCloses() {
    var w = windows(BERLIN, List.of(WEEKNIGHTS), List.of(CHRISTMAS));
    Instant afterClose = berlin("2026-12-01T04:30");
    assertThat(w.mayStart(afterClose).open()).isFalse();
    WindowVerdict cont = w.mayContinue(afterClose);
    assertThat(cont.state()).isEqualTo(WindowVerdict.State.IN_FLIGHT);
    assertThat(cont.open()).isTrue();
    assertThat(cont.waitReason()).isEmpty();
    assertThat(w.mayContinue(berlin("2026-12-24T01:00")).open()).isTrue(); // nor when a deny window opens
    assertThat(w.mayContinue(berlin("2026-11-30T23:00")).state()).isEqualTo(WindowVerdict.State.OPEN);
  }

  @Test
  void noStartWithinTheHorizonIsSaid() {
    // Feb 29 2028 is more than 400 days after 2026-11-30
    var leap = windows(ZoneOffset.UTC, List.of(new Window("", "0 0 29 2 *", Duration.ofHours(1))), List.of());
    WindowVerdict v = leap.mayStart(Instant.parse("2026-11-30T12:00:00Z"));
    assertThat(v.nextStart()).isEmpty();
    assertThat(v.waitReason().orElseThrow()).endsWith("outside every allow window (\"0 0 29 2 *\" for 1h); no allowed"
        + " start before 2028-01-04 12:00 UTC");
    assertThat(leap.mayStart(Instant.parse("2028-02-29T00:30:00Z")).open()).isTrue();
    // every allow window lies inside a deny window: never
    var covered = windows(ZoneOffset.UTC, List.of(new Window("", "0 22 * * *", Duration.ofHours(1))),
        List.of(new Window("", "0 21 * * *", Duration.ofHours(3))));
    WindowVerdict never = covered.mayStart(Instant.parse("2026-11-30T22:30:00Z"));
    assertThat(never.nextStart()).isEmpty();
    assertThat(never.searchedUntil()).isAfter(Instant.parse("2027-12-01T00:00:00Z"));
  }

  @Test
  void aDenyWindowThatNeverEndsStopsTheSearchAndSaysHowFarItLooked() {
    // opens every minute for an hour: always active; each step of the search moves one hour ahead
    var w = windows(ZoneOffset.UTC, List.of(), List.of(new Window("always", "* * * * *", Duration.ofHours(1))));
    WindowVerdict v = w.mayStart(Instant.parse("2026-11-30T12:00:00Z"));
    assertThat(v.state()).isEqualTo(WindowVerdict.State.DENIED);
    assertThat(v.nextStart()).isEmpty();
    assertThat(v.searchedUntil()).isAfter(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(v.waitReason().orElseThrow()).contains("no allowed start before 2027-");
  }

  @Test
  void defaultZoneIsUtc() {
    var w = new MaintenanceWindows(new WindowsPolicy(ZoneOffset.UTC, List.of(WEEKNIGHTS), List.of(), Optional.empty()));
    assertThat(w.mayStart(Instant.parse("2026-11-30T22:00:00Z")).open()).isTrue();
    assertThat(w.mayStart(Instant.parse("2026-11-30T21:30:00Z")).nextStart())
        .contains(Instant.parse("2026-11-30T22:00:00Z"));
  }

  @Test
  void startInTheSpringForwardGapOpensWhenTheClockJumps() {
    // Berlin 2027-03-28: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist that night
    var w = windows(BERLIN, List.of(new Window("night", "30 2 * * *", Duration.ofHours(2))), List.of());
    WindowVerdict v = w.mayStart(Instant.parse("2027-03-28T00:30:00Z"));
    assertThat(v.nextStart()).contains(Instant.parse("2027-03-28T01:00:00Z"));
    assertThat(v.waitReason().orElseThrow()).endsWith("next at 2027-03-28 03:00 CEST");
    assertThat(w.mayStart(Instant.parse("2027-03-28T02:59:00Z")).open()).isTrue(); // 2h of elapsed time
    WindowVerdict after = w.mayStart(Instant.parse("2027-03-28T03:00:00Z"));
    assertThat(after.open()).isFalse();
    assertThat(after.nextStart()).contains(Instant.parse("2027-03-29T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void startInTheRepeatedHourOpensOnceAndDurationIsElapsedTime() {
    // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z
    var w = windows(BERLIN, List.of(new Window("night", "30 2 * * *", Duration.ofMinutes(30))), List.of());
    assertThat(w.mayStart(Instant.parse("2026-10-25T00:45:00Z")).open()).isTrue();
    WindowVerdict second = w.mayStart(Instant.parse("2026-10-25T01:40:00Z")); // 02:40 CET, the second pass
    assertThat(second.open()).isFalse();
    assertThat(second.nextStart()).contains(Instant.parse("2026-10-26T01:30:00Z"));
    var early = windows(BERLIN, List.of(new Window("", "0 1 * * *", Duration.ofHours(3))), List.of());
    assertThat(early.mayStart(Instant.parse("2026-10-25T01:59:00Z")).open()).isTrue(); // opened 23:00Z
    assertThat(early.mayStart(Instant.parse("2026-10-25T02:00:00Z")).open()).isFalse(); // 3h later, 03:00 CET
  }

  @Test
  void plannerHookGivesTheWaitReasonOnlyWhenAChangeMustWait() {
    WindowsPolicy p = new WindowsPolicy(BERLIN, List.of(WEEKNIGHTS), List.of(CHRISTMAS), Optional.empty());
    Instant noon = berlin("2026-12-01T12:00");
    assertThat(MaintenanceWindows.waitReason(p, noon, false)).contains("maintenance window: outside every allow"
        + " window (\"weeknights\"); next at 2026-12-01 22:00 CET");
    assertThat(MaintenanceWindows.waitReason(p, noon, true)).isEmpty();
    assertThat(MaintenanceWindows.waitReason(p, berlin("2026-12-01T23:00"), false)).isEmpty();
    assertThat(MaintenanceWindows.waitReason(WindowsPolicy.none(), noon, false)).isEmpty();
  }
}
