package dev.plumb.cli;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.DaemonConfig;
import dev.plumb.daemon.DaemonKeys;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.ReconcileLoop;
import dev.plumb.daemon.Reconciler;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
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
    try (Journal journal = new Journal(cfg.stateDir());
        JGitSource source = new JGitSource(cfg.url(), cfg.branch(), cfg.stateDir().resolve("git"), cfg.fetchTimeout(),
            System.getenv(cfg.tokenEnv()), new JGitSource.SshOptions(cfg.sshKeyFile(), cfg.knownHostsFile()))) {
      journal.append("", "", "", "DaemonStarted", "following " + cfg.branch() + " of " + cfg.url());
      Reconciler r = new Reconciler(source, new AppliedRevision(cfg.stateDir()), journal, sops,
          new ClusterRenderer.Options(System.getenv(), java.util.Map.of(), java.util.List.of(), java.util.Optional.empty()),
          cfg.talosPort(), cfg.allowHistoryRewrite(), cfg.settleTimeout(), System.out);
      new ReconcileLoop(r, cfg.pollInterval(), System.out).run(stop::get);
      journal.append("", "", "", "DaemonStopped", "stopped on request");
    } finally {
      done.countDown();
    }
    return 0;
  }
}
