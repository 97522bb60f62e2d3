package dev.plumb.daemon;

import dev.plumb.render.ClusterDesired;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.talos.GrpcTalosClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One cluster's part of a reconcile: skip it while it is halted at this revision (the halt is in
 * the state tables, so it survives a restart), take its lock (one rollout per cluster across
 * processes), read its history from the journal, and converge it.
 */
final class ClusterRun {
  /** How one cluster's part ended. */
  record Result(String cluster, Kind kind, String message) {
    enum Kind { CONVERGED, WAITING, HALTED, LOCKED, SUSPENDED }
  }

  /** What every cluster's run shares. */
  record Settings(Path stateDir, String command, boolean waitLock, boolean provisionRequested, int talosPort,
      Duration settleTimeout, PrintStream out, dev.plumb.report.PlumbMetrics metrics,
      dev.plumb.report.notify.Notifications notifications, TalosClients clients, KubeconfigFiles kubeconfigs) {}

  /** Talos call deadlines: 10 s per call, 15 min for an upgrade. */
  static final GrpcTalosClient.Timeouts TIMEOUTS =
      new GrpcTalosClient.Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(15));

  private final Settings settings;
  private final StatusRecorder status;

  ClusterRun(Settings settings, StatusRecorder status) {
    this.settings = settings;
    this.status = status;
  }

  Result run(ClusterDesired c, String rev, Optional<ClusterDesired> previous, BooleanSupplier cancelled)
      throws InterruptedException {
    Optional<String> halted = status.state().haltedAt(c.name(), rev);
    if (halted.isPresent()) {
      return new Result(c.name(), Result.Kind.HALTED, halted.get() + " (halted at this revision: waiting for a new"
          + " commit)");
    }
    ClusterLock lock;
    try {
      lock = lock(c.name(), cancelled);
    } catch (ClusterLock.HeldException e) {
      return new Result(c.name(), Result.Kind.LOCKED, e.getMessage());
    }
    if (lock == null) {
      return new Result(c.name(), Result.Kind.WAITING, "stopped while waiting for the lock");
    }
    try (lock) {
      if (settings.provisionRequested()) {
        status.append(c.name(), rev, "", "ProvisionRequested", "first bring-up requested on the command line ("
            + settings.command() + "): nodes in maintenance mode at their declared addresses get their config");
      }
      RolloutListener listener = status.listener(c.name(), c.nodes().stream().map(n -> n.hostname()).toList(), rev,
          settings.notifications().listener(c.name(), rev,
              new MetricsListener(settings.metrics(), c.name(), new ConsoleProgress(settings.out(), c.name()))));
      previous.filter(p -> ClusterSession.rotated(p, c)).ifPresent(p -> settings.out().println(c.name()
          + ": the OS CA changed in Git; nodes still on the old config are reached with the last applied credentials"));
      try (ClusterSession s = new ClusterSession(c, previous, settings.talosPort(), listener, Duration.ofMillis(500),
          TIMEOUTS, settings.clients())) {
        settings.kubeconfigs().forCluster(c.name()).ifPresent(k -> s.withKubeconfig(k.bytes().reveal(),
            k.file().toString()));
        RolloutOutcome o = s.converge(c, status.state().history(c.name(), settings.provisionRequested()),
            settings.settleTimeout(), cancelled);
        return switch (o.kind()) {
          case CONVERGED -> new Result(c.name(), Result.Kind.CONVERGED, "");
          case HALTED -> new Result(c.name(), Result.Kind.HALTED, o.toString());
          case TIMED_OUT, CANCELLED -> new Result(c.name(), Result.Kind.WAITING, o.toString());
        };
      }
    }
  }

  /** The cluster's lock; null when stopped while waiting for it. */
  private ClusterLock lock(String cluster, BooleanSupplier cancelled) throws InterruptedException {
    String said = "";
    while (true) {
      try {
        return ClusterLock.take(settings.stateDir(), cluster, settings.command());
      } catch (ClusterLock.HeldException e) {
        if (!settings.waitLock()) {
          throw e;
        }
        if (!e.getMessage().equals(said)) {
          settings.out().println(e.getMessage() + "; waiting for it (--wait-lock)");
          said = e.getMessage();
        }
      }
      if (cancelled.getAsBoolean()) {
        return null;
      }
      Thread.sleep(500);
    }
  }
}
