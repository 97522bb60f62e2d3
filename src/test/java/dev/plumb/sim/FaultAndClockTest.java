package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultAndClockTest {
  @Test
  void parsesFaultSpecs() {
    assertThat(Fault.parse("slow:500ms")).isEqualTo(Fault.slow(Duration.ofMillis(500)));
    assertThat(Fault.parse("flap:2s")).isEqualTo(Fault.flap(Duration.ofSeconds(2)));
    assertThat(Fault.parse("unhealthy:etcd").service()).isEqualTo("etcd");
    assertThat(Fault.parse("never-return").kind()).isEqualTo(Fault.Kind.NEVER_RETURN);
    assertThatThrownBy(() -> Fault.parse("explode")).hasMessageContaining("unknown fault 'explode'");
    assertThatThrownBy(() -> Fault.parse("slow:soon")).hasMessageContaining("expected a duration");
  }

  @Test
  void manualClockRunsDueTasksInOrderIncludingTasksTheySchedule() {
    ManualSimClock clock = new ManualSimClock(Instant.EPOCH);
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("b"));
    clock.schedule(Duration.ofSeconds(1), () -> {
      ran.add("a");
      clock.schedule(Duration.ofMillis(500), () -> ran.add("a2"));
    });
    SimClock.Cancellable c = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
    c.cancel();
    clock.advance(Duration.ofMillis(1900));
    assertThat(ran).containsExactly("a", "a2");
    assertThat(clock.now()).isEqualTo(Instant.EPOCH.plusMillis(1900));
    clock.advance(Duration.ofMillis(100));
    assertThat(ran).containsExactly("a", "a2", "b");
  }
}
