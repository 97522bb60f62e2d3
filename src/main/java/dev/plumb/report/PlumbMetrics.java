package dev.plumb.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only place meter names exist. Fixed names, bounded tags: {@code cluster} (bounded by the
 * fleet repository), {@code outcome}, {@code provider} and {@code result} (fixed sets); never a
 * node address, a revision or error text. Exposed in Prometheus's text format at /metrics.
 */
public final class PlumbMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicInteger> drift = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();

  /** One reconcile of the fleet: {@code plumb_reconcile_duration_seconds{outcome}}. */
  public void reconciled(String outcome, Duration took) {
    Timer.builder("plumb.reconcile.duration").description("How long one reconcile of the fleet took")
        .tag("outcome", outcome).register(registry).record(took);
  }

  /** A wave started: {@code plumb_rollout_waves_total{cluster}}. */
  public void waveStarted(String cluster) {
    Counter.builder("plumb.rollout.waves").description("Rollout waves started").tag("cluster", cluster)
        .register(registry).increment();
  }

  /** A gate failed or timed out: {@code plumb_gate_failures_total{cluster}}. */
  public void gateFailed(String cluster) {
    Counter.builder("plumb.gate.failures").description("Rollout halts on a failed gate").tag("cluster", cluster)
        .register(registry).increment();
  }

  /** How many nodes of a cluster run another config than Git's: {@code plumb_node_config_drift{cluster}}. */
  public void drift(String cluster, int nodes, int answering) {
    gauge("plumb.node.config.drift", "Nodes whose config differs from Git's", drift, cluster).set(nodes);
    gauge("plumb.node.reachable", "Nodes that answer over mTLS", reachable, cluster).set(answering);
  }

  /** A webhook delivery: {@code plumb_webhook_deliveries_total{provider,result}}. */
  public void webhook(String provider, int status) {
    String result = status == 401 || status == 403 ? "refused" : status >= 400 ? "invalid" : "accepted";
    Counter.builder("plumb.webhook.deliveries").description("Webhook deliveries received").tag("provider", provider)
        .tag("result", result).register(registry).increment();
  }

  /** A notification or commit status: {@code plumb_notifications_total{result}} (sent, failed, dropped). */
  public void notification(String result) {
    Counter.builder("plumb.notifications").description("Notifications and commit statuses, by how their delivery ended")
        .tag("result", result).register(registry).increment();
  }

  private AtomicInteger gauge(String name, String help, Map<String, AtomicInteger> values, String cluster) {
    return values.computeIfAbsent(cluster, c -> {
      AtomicInteger v = new AtomicInteger();
      Gauge.builder(name, v, AtomicInteger::get).description(help).tag("cluster", c).register(registry);
      return v;
    });
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
