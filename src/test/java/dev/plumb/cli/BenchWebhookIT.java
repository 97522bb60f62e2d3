package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code plumb bench webhook} at a small size: signed pushes reach the real daemon path and each
 * one ends in an ApplyConfiguration on a simulated node; the figures come out as name: value.
 */
class BenchWebhookIT {
  @Test
  void signedPushesEndInAppliesAndTheLatencyPercentilesArePrinted() {
    CliRun r = CliRun.of("bench", "webhook", "--nodes", "4", "--pushes", "3", "--warmup", "0");
    assertThat(r.code()).as(r.err()).isZero();
    long p50 = figure(r.out(), "webhook_to_apply_p50_ms");
    long p99 = figure(r.out(), "webhook_to_apply_p99_ms");
    assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
    assertThat(figure(r.out(), "webhook_pushes")).isEqualTo(3);
    assertThat(figure(r.out(), "webhook_nodes")).isEqualTo(4);
  }

  @Test
  void percentilesAreNearestRank() {
    List<Long> ten = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(BenchWebhookCommand.percentile(ten, 50)).isEqualTo(5);
    assertThat(BenchWebhookCommand.percentile(ten, 99)).isEqualTo(10);
    assertThat(BenchWebhookCommand.percentile(List.of(7L), 99)).isEqualTo(7);
  }

  private static long figure(String out, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ": (\\d+)$").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
  }
}
