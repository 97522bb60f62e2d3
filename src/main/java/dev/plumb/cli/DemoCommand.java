package dev.plumb.cli;

import dev.plumb.daemon.ClusterSession;
import dev.plumb.daemon.ConsoleProgress;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimKube;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import dev.plumb.source.JGitSource;
import dev.plumb.source.Snapshot;
import dev.plumb.talos.GrpcTalosClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb demo}: plumb's main job on a local Git repository and a simulated fleet. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run plumb's main job on an embedded example: a local Git repository seeded with the example",
        "cluster (3 control planes, 3 workers), a simulated Talos fleet whose nodes start in maintenance mode",
        "and a simulated Kubernetes API, and the reconcile loop: configure the nodes, bootstrap etcd, apply the",
        "cluster's apps and wait for them to be healthy; then commit a change that needs",
        "reboots and roll it out in health-gated waves. Keeps running (watching the repository) until Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {
  private static final String TALCONFIG = "clusters/demo/talconfig.yaml";

  @Option(names = "--exit-when-converged", description = "Exit 0 once the second change has converged (non-zero on a halt or timeout).")
  boolean exitWhenConverged;

  @Option(names = "--workspace", description = "Directory for the demo repository and state (default: a new temporary directory).")
  Path workspace;

  @Option(names = "--timeout", defaultValue = "5m", description = "Give up on a phase after this long (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Path ws = workspace != null ? workspace : Files.createTempDirectory("plumb-demo-");
    DemoWorkspace repo = new DemoWorkspace(ws.resolve("fleet"));
    repo.seed();
    SystemSimClock clock = new SystemSimClock();
    AtomicBoolean stop = new AtomicBoolean();
    try (SimulatedFleet fleet = SimulatedFleet.start(FleetSpec.of(6, 3)
            .timing(new SimTiming(Duration.ofSeconds(2), Duration.ofMillis(150))), clock);
        JGitSource source = new JGitSource(repo.repo().toUri().toString(), "main", ws.resolve("state/git"),
            Duration.ofSeconds(60), null)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
      // the cluster's Kubernetes API: plumb finds it through a control plane's Kubeconfig call, as on real nodes
      SimKube kube = fleet.attachKube("v1.35.0");
      Files.write(ws.resolve("kubeconfig"), kube.kubeconfig());
      System.out.printf("workspace %s%nsimulated fleet: 6 nodes on 127.77.0.1-6 port %d, all in maintenance mode%n"
          + "simulated Kubernetes API at %s (Nodes, static pods and workloads follow the fleet)%n%n",
          ws, fleet.port(), kube.url());
      SopsDecryptor sops = new SopsDecryptor(AgeKeys.fromFile(repo.repo().resolve("clusters/demo/age-key.demo-only.txt")));
      Duration phaseTimeout = SimCommand.parseDuration(timeout);
      System.out.println("== 1/2: configure the new cluster from Git (maintenance mode -> bootstrapped, ready)");
      RolloutOutcome first = reconcile(source, sops, fleet.port(), phaseTimeout, stop, ws);
      if (first.kind() != RolloutOutcome.Kind.CONVERGED) {
        return 1;
      }
      DemoApps.report(source, sops, kube, TALCONFIG);
      System.out.println();
      System.out.println("== 2/2: commit a change that needs a reboot; roll it out in health-gated waves");
      String all = Files.readString(repo.repo().resolve("clusters/demo/patches/all.yaml"));
      repo.commit("clusters/demo/patches/all.yaml", all.replace("machine:\n", "machine:\n  files:\n"
          + "    - path: /var/etc/plumb/motd\n      content: \"configured by plumb\"\n      permissions: 420\n"
          + "      op: create\n"), "demo: add /var/etc/plumb/motd (a change that needs a reboot)");
      RolloutOutcome second = reconcile(source, sops, fleet.port(), phaseTimeout, stop, ws);
      if (second.kind() != RolloutOutcome.Kind.CONVERGED) {
        return 1;
      }
      System.out.printf("%nconverged: every node runs the config of the latest commit.%n%n");
      System.out.printf("try next (in another terminal, while this keeps running):%n"
          + "  ./plumb talos version --talosconfig %s -e 127.77.0.1:%d --nodes 127.77.0.5%n"
          + "  ./plumb apps diff demo --repo %s --age-key-file %s --kubeconfig %s%n"
          + "  edit %s/clusters/demo/patches/all.yaml, then git -C %s commit -am 'my change'%n"
          + "  plumb sees the new commit within 5 s and rolls it out%n",
          ws.resolve("talosconfig"), fleet.port(), repo.repo(),
          repo.repo().resolve("clusters/demo/age-key.demo-only.txt"), ws.resolve("kubeconfig"), repo.repo(), repo.repo());
      if (exitWhenConverged) {
        System.out.println("(--exit-when-converged: the simulated fleet stops now)");
        return 0;
      }
      String last = source.fetch().revision().id();
      while (!stop.get()) {
        Thread.sleep(5000);
        Snapshot s = source.fetch();
        if (!s.revision().id().equals(last)) {
          last = s.revision().id();
          System.out.println("new commit " + s.revision().shortId());
          reconcile(source, sops, fleet.port(), phaseTimeout, stop, ws);
        }
      }
      return 0;
    } finally {
      clock.close();
    }
  }

  private RolloutOutcome reconcile(JGitSource source, SopsDecryptor sops, int port, Duration timeout,
      AtomicBoolean stop, Path ws) throws Exception {
    Snapshot snap = source.fetch();
    System.out.println("revision " + snap.revision().shortId());
    ClusterDesired desired = new ClusterRenderer(snap.tree(), sops).render(TALCONFIG, ClusterRenderer.Options.defaults());
    Files.writeString(ws.resolve("talosconfig"), AdminTalosconfig.create(desired, Duration.ofDays(30)).reveal());
    try (ClusterSession session = new ClusterSession(desired, port, new ConsoleProgress(System.out, desired.name()),
        Duration.ofMillis(250), new GrpcTalosClient.Timeouts(Duration.ofSeconds(5), Duration.ofMinutes(2)))) {
      return session.converge(desired, timeout, stop::get);
    }
  }
}
