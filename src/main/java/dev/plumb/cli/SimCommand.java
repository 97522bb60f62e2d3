package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.sim.Fault;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimKube;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.sim.SystemSimClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb sim}: serves a simulated Talos fleet on loopback until stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = {"Serves a simulated Talos fleet on loopback addresses (127.77.x.y), speaking the real"
        + " Talos gRPC API, until SIGTERM or Ctrl-C.",
        "Writes DIR/nodes.json (name, address, port, role, maintenance) and, with --preconfigured,"
        + " DIR/talosconfig for an os:admin client."})
public final class SimCommand implements Callable<Integer> {
  @Option(names = "--nodes", required = true, description = "Number of nodes.")
  int nodes;

  @Option(names = "--control-planes", defaultValue = "1", description = "How many of them are control planes (default: ${DEFAULT-VALUE}).")
  int controlPlanes;

  @Option(names = "--out", required = true, description = "Directory for nodes.json and talosconfig.")
  Path out;

  @Option(names = "--preconfigured", description = "Start the nodes configured as one bootstrapped cluster"
      + " instead of in maintenance mode.")
  boolean preconfigured;

  @Option(names = "--talos-version", defaultValue = "v1.13.9", description = "Talos version the nodes run (default: ${DEFAULT-VALUE}).")
  String talosVersion;

  @Option(names = "--reboot-time", defaultValue = "2s", description = "How long a reboot keeps a node away (default: ${DEFAULT-VALUE}).")
  String rebootTime;

  @Option(names = "--stop-time", defaultValue = "1s", description = "How long a node keeps answering in stage"
      + " rebooting/upgrading before its API goes away (default: ${DEFAULT-VALUE}).")
  String stopTime;

  @Option(names = "--port", defaultValue = "50000", description = "Port every node listens on; 0 for any free port (default: ${DEFAULT-VALUE}, Talos's own; a free port is taken when it is busy).")
  int port;

  @Option(names = "--fault", description = "Inject a fault: NODE=KIND[:ARG], KIND one of refuse, slow:DUR, hang,"
      + " never-return, unhealthy:SERVICE, old-version, flap:DUR, in-band-error, etcd-down, swap:NODE,"
      + " schematic:ID, wipe, wipe-keep-state, time-unsynced, etcd-alarm:NOSPACE|CORRUPT. Repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(names = "--kube", description = "Also serve a simulated Kubernetes API (fabric8 mock server, CRUD mode) with a"
      + " Node per configured node (Ready and kubelet version following the node), the control planes' static"
      + " pods and /version following their configs; writes DIR/kubeconfig. The Talos Kubeconfig call of a control"
      + " plane answers with it too.")
  boolean kube;

  @Option(names = "--kubelet-version", defaultValue = "v1.34.1", description = "Kubernetes version of the images a"
      + " node's config does not name (kubelet, control-plane components, kube-proxy), as Talos's default"
      + " (default: ${DEFAULT-VALUE}). A config's machine.kubelet.image and cluster.*.image tags win.")
  String kubeletVersion;

  @Override
  public Integer call() throws Exception {
    SimTiming timing = new SimTiming(parseDuration(rebootTime), Duration.ofMillis(100), parseDuration(stopTime));
    FleetSpec spec = FleetSpec.of(nodes, controlPlanes).preconfigured(preconfigured)
        .talosVersion(talosVersion).timing(timing).port(port);
    SystemSimClock clock = new SystemSimClock();
    SimulatedFleet fleet;
    try {
      fleet = SimulatedFleet.start(spec, clock);
    } catch (IllegalStateException e) {
      if (port == 0) {
        throw e;
      }
      fleet = SimulatedFleet.start(spec.port(0), clock);
    }
    for (String f : faults) {
      String[] kv = f.split("=", 2);
      if (kv.length != 2) {
        throw new PlumbException("--fault '" + f + "': expected NODE=KIND[:ARG]");
      }
      fleet.node(kv[0]).inject(Fault.parse(kv[1]));
    }
    fleet.writeFiles(out);
    for (SimulatedNode n : fleet.nodes()) {
      System.out.printf("%-10s %s:%d %s%n", n.name(), n.address(), fleet.port(),
          n.maintenance() ? "maintenance" : "configured");
    }
    System.out.println("wrote " + out.resolve("nodes.json")
        + (preconfigured ? " and " + out.resolve("talosconfig") : ""));
    if (!preconfigured) {
      // maintenance-mode nodes have no OS CA yet: no client certificate can be valid for them. Once
      // configured from a fleet repository, the talosconfig that works is the one its secrets make.
      System.out.println("nodes are in maintenance mode: talk to them with --insecure; once configured from your"
          + " repository, use the talosconfig that `plumb render --out DIR` writes from its secrets");
    }
    if (kube) {
      SimKube api = fleet.attachKube(kubeletVersion);
      java.nio.file.Files.write(out.resolve("kubeconfig"), api.kubeconfig());
      System.out.println("Kubernetes API at " + api.url() + " (" + api.serverVersion() + "); wrote "
          + out.resolve("kubeconfig"));
    }
    System.out.println("serving " + nodes + " simulated nodes; stop with Ctrl-C");
    CountDownLatch stop = new CountDownLatch(1);
    SimulatedFleet running = fleet;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      clock.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }

  static Duration parseDuration(String s) {
    return Fault.parse("slow:" + s).duration();
  }
}
