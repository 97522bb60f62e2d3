package dev.plumb.report.notify;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications on its own thread so that a slow or dead receiver never holds a rollout
 * up: {@link #submit} only queues. The queue is bounded; when it is full the oldest request is
 * dropped and counted. Each request is retried with exponential backoff on a connection failure,
 * a 429 or a 5xx; another 4xx is final (a wrong token does not get better by asking again).
 * Logs name the target and the HTTP status, never a URL, token or body.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Queue size and retry policy. */
  public record Settings(int queueSize, int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
    public static final Settings DEFAULT = new Settings(256, 5, Duration.ofSeconds(2), Duration.ofMinutes(1));

    public Settings {
      if (queueSize < 1 || maxAttempts < 1) {
        throw new IllegalArgumentException("queue size and attempts must be positive");
      }
    }
  }

  private record Job(Target target, HttpRequest request, String what) {}

  private final Deque<Job> queue = new ArrayDeque<>();
  private final Settings settings;
  private final HttpClient http;
  private final Consumer<String> outcomes;
  private final Retry retry;
  private final Thread worker;
  private boolean closed;
  private boolean busy;

  /** @param outcomes told {@code sent}, {@code failed} or {@code dropped} once per request (metrics) */
  public Dispatcher(Settings settings, Consumer<String> outcomes) {
    this.settings = settings;
    this.outcomes = outcomes;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.retry = Retry.of("notifications", RetryConfig.<HttpResponse<Void>>custom()
        .maxAttempts(settings.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.firstBackoff(), 2.0, 0.2,
            settings.maxBackoff()))
        .retryOnResult(r -> r.statusCode() == 429 || r.statusCode() >= 500)
        .retryExceptions(IOException.class)
        .build());
    this.worker = new Thread(this::run, "notify");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues what {@code target} makes of {@code event}; never blocks, never throws for delivery. */
  public void submit(Target target, RolloutEvent event) {
    target.request(event).ifPresent(r -> offer(new Job(target, r, event.kind().reason() + " of " + event.cluster())));
  }

  private synchronized void offer(Job job) {
    if (closed) {
      return;
    }
    if (queue.size() >= settings.queueSize()) {
      Job old = queue.pollFirst();
      LOG.warn("notification queue full ({}): dropped {} to {}", settings.queueSize(), old.what(), old.target().name());
      outcomes.accept("dropped");
    }
    queue.addLast(job);
    notifyAll();
  }

  private void run() {
    while (true) {
      Job job;
      synchronized (this) {
        while (queue.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        job = queue.pollFirst();
        busy = true;
      }
      send(job);
      synchronized (this) {
        busy = false;
        notifyAll();
      }
    }
  }

  private void send(Job job) {
    try {
      HttpResponse<Void> r = Retry.decorateCheckedSupplier(retry,
          () -> http.send(job.request(), HttpResponse.BodyHandlers.discarding())).get();
      if (r.statusCode() / 100 == 2) {
        LOG.debug("notified {}: {} ({})", job.target().name(), job.what(), r.statusCode());
        outcomes.accept("sent");
      } else {
        LOG.warn("notification to {} refused: {} answered {}", job.target().name(), job.what(), r.statusCode());
        outcomes.accept("failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      LOG.warn("notification to {} failed after {} attempts: {}: {}", job.target().name(), settings.maxAttempts(),
          job.what(), e.getClass().getSimpleName());
      outcomes.accept("failed");
    }
  }

  /** Waits up to {@code max} until every queued request was handled (tests, shutdown). */
  public synchronized boolean drain(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!queue.isEmpty() || busy) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Sends what is queued for up to five seconds, then stops. */
  @Override
  public void close() {
    try {
      drain(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    worker.interrupt();
  }
}
