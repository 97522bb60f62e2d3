package dev.plumb.kube;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when {@link #pause} is called: waits in tests take no time. */
final class StepClock extends Clock implements Pause {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  int pauses;

  @Override
  public void pause(Duration d) {
    pauses++;
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
