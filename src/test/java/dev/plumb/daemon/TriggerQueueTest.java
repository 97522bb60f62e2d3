package dev.plumb.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TriggerQueueTest {
  @Test
  void aRequestEndsTheWaitAndABurstIsOneReconcile() throws Exception {
    TriggerQueue q = new TriggerQueue();
    assertThat(q.await(Duration.ofMillis(20))).isEmpty();
    q.request("github push of a");
    q.request("github push of b");
    q.request("gitlab push of c");
    assertThat(q.await(Duration.ofSeconds(5))).contains("gitlab push of c");
    assertThat(q.await(Duration.ofMillis(20))).as("the burst was one request").isEmpty();
  }

  @Test
  void aRequestFromAnotherThreadWakesAWaiterAtOnce() throws Exception {
    TriggerQueue q = new TriggerQueue();
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      q.request("api request");
    });
    long t0 = System.nanoTime();
    t.start();
    assertThat(q.await(Duration.ofMinutes(1))).contains("api request");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    t.join();
  }
}
