package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.DaemonConfig;
import dev.plumb.daemon.DaemonKeys;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.ReconcileLoop;
import dev.plumb.daemon.Reconciler;
import dev.plumb.daemon.StatusRecorder;
import dev.plumb.daemon.TriggerQueue;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.server.PlumbServer;
import dev.plumb.server.webhook.DeliveryIds;
import dev.plumb.server.webhook.WebhookReceiver;
import dev.plumb.source.JGitSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb daemon --config FILE}: keeps every cluster of the fleet repository true to Git. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = {"Run the reconcile loop: poll the fleet repository, render, observe, plan and roll out in",
        "health-gated waves; journal every step in the state directory. SIGTERM finishes the current step.",
        "With server.listen set, also serve probes, /metrics, the status API and webhooks.",
        "daemon/plumb.yaml is the documented example configuration."})
public final class DaemonCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The daemon configuration file.")
  Path config;

  @Override
  public Integer call() throws Exception {
    DaemonConfig cfg = DaemonConfig.load(config);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.set(true);
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    SopsDecryptor sops = new SopsDecryptor(RenderOptions.keySources(cfg.keys().sources(System.getenv()),
        cfg.keys().commandTimeout()), System.getenv());
    if (System.getenv("SOPS_AGE_KEY") != null) {
      System.out.println("warning: SOPS_AGE_KEY is set in the daemon's environment, where other processes of the"
          + " host may read it; load the key as the systemd credential " + DaemonKeys.DEFAULT_CREDENTIAL + " instead");
    }
    PlumbMetrics metrics = new PlumbMetrics();
    TriggerQueue triggers = new TriggerQueue();
    dev.plumb.source.CommitVerifier verifier = new dev.plumb.source.CommitVerifier(cfg.signedCommits());
    try (Journal journal = new Journal(cfg.stateDir());
        JGitSource source = new JGitSource(cfg.url(), cfg.branch(), cfg.stateDir().resolve("git"), cfg.fetchTimeout(),
            System.getenv(cfg.tokenEnv()), new JGitSource.SshOptions(cfg.sshKeyFile(), cfg.knownHostsFile()),
            verifier);
        dev.plumb.report.notify.Notifications notifications = notifications(cfg, metrics)) {
      StatusRecorder status = new StatusRecorder(journal, cfg.stateDir(), cfg.journalRetention());
      status.event("DaemonStarted", "following " + cfg.branch() + " of " + cfg.url()
          + (cfg.signedCommits().enabled() ? ", applying only commits signed by a trusted key" : ""));
      dev.plumb.daemon.InFlight.announce(status, cfg.stateDir(), System.out);
      Reconciler r = new Reconciler(source, new AppliedRevision(cfg.stateDir()), status, sops, options(cfg),
          cfg.talosPort(), cfg.allowHistoryRewrite(), cfg.settleTimeout(), System.out, metrics)
          .lockAs("plumb daemon", false).kubeconfigs(cfg.kubeconfigs());
      r.notifyWith(notifications);
      r.restoreSuspended(status.report().clusters().stream().filter(c -> c.phase().equals("suspended"))
          .map(c -> c.name()).toList());
      try (org.eclipse.jgit.lib.Repository served = cfg.server().gitServer() ? servedRepository(cfg) : null;
          PlumbServer server = cfg.server().enabled() ? server(cfg, status, r, metrics, triggers, sops, served, verifier) : null) {
        new ReconcileLoop(r, cfg.pollInterval(), System.out, triggers).run(stop::get);
      }
      status.event("DaemonStopped", "stopped on request");
    } finally {
      done.countDown();
    }
    return 0;
  }

  private static dev.plumb.report.notify.Notifications notifications(DaemonConfig cfg, PlumbMetrics metrics) {
    if (cfg.notifications().targets().isEmpty()) {
      return dev.plumb.report.notify.Notifications.off();
    }
    return new dev.plumb.report.notify.Notifications(cfg.notifications().targets(),
        new dev.plumb.report.notify.Dispatcher(cfg.notifications().settings(), metrics::notification),
        java.time.InstantSource.system());
  }

  /** The nodes of the last rendered revision whose hardware identity Git declares (plumb.yaml identities). */
  private static java.util.List<dev.plumb.server.NetbootEndpoint.Machine> machines(Reconciler r) {
    java.util.List<dev.plumb.server.NetbootEndpoint.Machine> out = new java.util.ArrayList<>();
    for (dev.plumb.render.ClusterDesired c : r.renderedClusters()) {
      for (dev.plumb.render.NodeConfig n : c.nodes()) {
        var id = c.policy().identities().get(n.hostname());
        if (id != null) {
          out.add(new dev.plumb.server.NetbootEndpoint.Machine(c.name(), n.hostname(), id.uuid(), id.macs(),
              n.config()));
        }
      }
    }
    return out;
  }

  /** Rendering sees only the environment variables the config names (renderEnv), as plan and sync do. */
  private static ClusterRenderer.Options options(DaemonConfig cfg) {
    return new ClusterRenderer.Options(dev.plumb.daemon.RenderEnv.only(System.getenv(), cfg.renderEnv()),
        java.util.Map.of(), java.util.List.of(), java.util.Optional.empty());
  }

  /** The bare repository plumb serves with gitServer, created empty on first start. */
  private static org.eclipse.jgit.lib.Repository servedRepository(DaemonConfig cfg) throws java.io.IOException {
    java.io.File dir = cfg.stateDir().resolve(DaemonConfig.SERVED_REPO).toFile();
    try {
      if (!new java.io.File(dir, "HEAD").exists()) {
        org.eclipse.jgit.api.Git.init().setBare(true).setDirectory(dir).setInitialBranch(cfg.branch()).call().close();
      }
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new dev.plumb.fleet.PlumbException("cannot create the served repository " + dir + ": " + e.getMessage(), e);
    }
    return new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(dir).setMustExist(true).build();
  }

  private static PlumbServer server(DaemonConfig cfg, StatusRecorder status, Reconciler r, PlumbMetrics metrics,
      TriggerQueue triggers, SopsDecryptor sops, org.eclipse.jgit.lib.Repository served,
      dev.plumb.source.CommitVerifier verifier) {
    WebhookReceiver hooks = new WebhookReceiver(cfg.url(), cfg.branch(), cfg.server().webhookSecrets(),
        new DeliveryIds(10_000), e -> triggers.request(e.provider().id() + " push of " + e.after()));
    PlumbServer s = new PlumbServer(cfg.server(), status::report, r::observedAll, metrics, hooks,
        new PlumbServer.Controls() {
          @Override
          public void syncNow(String why) {
            triggers.request(why);
          }

          @Override
          public void suspend(String cluster, boolean on) {
            r.suspend(cluster, on);
          }

          @Override
          public boolean knows(String cluster) {
            return r.clusterNames().contains(cluster);
          }
        }, java.util.Optional.ofNullable(served).map(repo -> dev.plumb.server.GitEndpoint.servlet(repo, cfg.branch(),
            cfg.server().gitToken().orElseThrow(), sops, options(cfg), cfg.allowHistoryRewrite(), verifier,
            sha -> triggers.request("git push of " + sha))),
        cfg.netboot().enabled() ? java.util.Optional.of(new dev.plumb.server.NetbootEndpoint(() -> machines(r),
            cfg.netboot().tokens())) : java.util.Optional.empty());
    int port = s.start(cfg.server());
    System.out.println("serving /healthz, /readyz, /metrics, /api/v1 and /webhook on " + cfg.server().listen()
        + (cfg.server().listen().endsWith(":0") ? " (port " + port + ")" : ""));
    return s;
  }
}
