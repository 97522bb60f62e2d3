package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.talos.Endpoint;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosConfig;
import dev.plumb.talos.TalosContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The connection options every {@code plumb talos} command shares, as talosctl spells them. */
public final class TalosOptions {
  @Option(names = "--talosconfig", description = "talosconfig file (default: $TALOSCONFIG, then ~/.talos/config).")
  Path talosconfig;

  @Option(names = "--context", description = "Context to use (default: the file's current context).")
  String context;

  @Option(names = {"-n", "--nodes"}, split = ",", description = "Target nodes (default: the context's nodes).")
  List<String> nodes = new ArrayList<>();

  @Option(names = {"-e", "--endpoints"}, split = ",", description = "Endpoints to dial (default: the context's).")
  List<String> endpoints = new ArrayList<>();

  @Option(names = {"-i", "--insecure"}, description = "Maintenance mode: dial each node directly, no client certificate.")
  boolean insecure;

  @Option(names = "--timeout", defaultValue = "30s", description = "Deadline of each call (default: ${DEFAULT-VALUE}).")
  String timeout;

  /** The client and one target per node. */
  record Session(TalosClient client, List<NodeTarget> targets) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  /** Something to do against one node; it prints its own result. */
  interface PerNode {
    void run(TalosClient client, NodeTarget target);
  }

  /**
   * Runs the action against every target, printing each node's error on stderr; exit code 0 when
   * every node succeeded, 1 otherwise.
   */
  int forEachTarget(PerNode action) {
    int failed = 0;
    try (Session s = open()) {
      for (NodeTarget t : s.targets()) {
        try {
          action.run(s.client(), t);
        } catch (dev.plumb.talos.TalosException e) {
          System.err.println("error: " + e.getMessage());
          failed++;
        }
      }
    }
    return failed == 0 ? 0 : 1;
  }

  Session open() {
    Duration deadline = SimCommand.parseDuration(timeout);
    var timeouts = new GrpcTalosClient.Timeouts(deadline, Duration.ofMinutes(15));
    if (insecure) {
      if (nodes.isEmpty()) {
        throw new PlumbException("--insecure needs --nodes (the addresses of nodes in maintenance mode)");
      }
      List<NodeTarget> targets = nodes.stream().map(n -> NodeTarget.maintenance(Endpoint.parse(n))).toList();
      return new Session(new GrpcTalosClient(TalosChannels.insecureOnly(), timeouts), targets);
    }
    Path file = TalosConfig.locate(Optional.ofNullable(talosconfig), System.getenv(),
        Path.of(System.getProperty("user.home")));
    TalosContext ctx = TalosConfig.load(file).context(Optional.ofNullable(context));
    List<String> eps = endpoints.isEmpty() ? ctx.endpoints() : endpoints;
    if (eps.isEmpty()) {
      throw new PlumbException("no endpoints: the context '" + ctx.name() + "' has none; pass --endpoints");
    }
    Endpoint ep = Endpoint.parse(eps.get(0));
    List<String> wanted = nodes.isEmpty() ? ctx.nodes() : nodes;
    List<NodeTarget> targets = wanted.isEmpty() ? List.of(NodeTarget.direct(ep))
        : wanted.stream().map(n -> NodeTarget.via(ep, n)).toList();
    return new Session(new GrpcTalosClient(TalosChannels.forContext(ctx), timeouts), targets);
  }
}
