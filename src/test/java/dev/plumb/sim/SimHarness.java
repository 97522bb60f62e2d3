package dev.plumb.sim;

import dev.plumb.talos.Endpoint;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosChannels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A simulated fleet on hand-driven time plus clients for it; closes everything it made. */
public final class SimHarness implements AutoCloseable {
  public static final SimTiming TIMING = new SimTiming(Duration.ofSeconds(2), Duration.ofMillis(100));
  public final ManualSimClock clock = new ManualSimClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final SimulatedFleet fleet;
  private final List<GrpcTalosClient> clients = new ArrayList<>();

  public SimHarness(FleetSpec spec) {
    this(spec, TIMING);
  }

  /** With other timings, e.g. a node that keeps answering while it goes down. */
  public SimHarness(FleetSpec spec, SimTiming timing) {
    fleet = SimulatedFleet.start(spec.timing(timing), clock);
  }

  public static SimHarness preconfigured(int nodes, int controlPlanes) {
    return new SimHarness(FleetSpec.of(nodes, controlPlanes).preconfigured(true));
  }

  public static SimHarness maintenance(int nodes, int controlPlanes) {
    return new SimHarness(FleetSpec.of(nodes, controlPlanes));
  }

  /** A client whose certificate carries these roles, signed by the cluster's CA. */
  public GrpcTalosClient client(String... roles) {
    return track(new GrpcTalosClient(TalosChannels.forContext(fleet.clientContext(List.of(roles))), timeouts()));
  }

  /** A client for nodes in maintenance mode. */
  public GrpcTalosClient insecureClient() {
    return track(new GrpcTalosClient(TalosChannels.insecureOnly(), timeouts()));
  }

  public GrpcTalosClient track(GrpcTalosClient c) {
    clients.add(c);
    return c;
  }

  public static GrpcTalosClient.Timeouts timeouts() {
    return new GrpcTalosClient.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  public Endpoint endpoint(String node) {
    return new Endpoint(fleet.node(node).address(), fleet.port());
  }

  public NodeTarget direct(String node) {
    return NodeTarget.direct(endpoint(node));
  }

  public NodeTarget via(String endpointNode, String node) {
    return NodeTarget.via(endpoint(endpointNode), fleet.node(node).address());
  }

  public NodeTarget maintenance(String node) {
    return NodeTarget.maintenance(endpoint(node));
  }

  public void advance(Duration d) {
    clock.advance(d);
  }

  /** Long enough for a reboot and every service to come up. */
  public void rebootAndBoot() {
    clock.runDue();
    clock.advance(TIMING.reboot().plus(TIMING.serviceStep().multipliedBy(10)));
  }

  /** Applies a config to the named maintenance-mode nodes, waits out the install; an admin client for the CA. */
  public GrpcTalosClient provision(List<String> nodes, SimPki.KeyedCert ca) {
    // the first apply in a JVM loads the config schemas: give it time on a loaded machine
    var insecure = track(new GrpcTalosClient(TalosChannels.insecureOnly(),
        new GrpcTalosClient.Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30))));
    for (String n : nodes) {
      insecure.applyConfiguration(maintenance(n), SimConfigs.node("lab", n, n.startsWith("cp"), ca,
          "https://10.0.0.1:6443", "ghcr.io/siderolabs/installer:v1.13.9"), dev.plumb.talos.ApplyMode.AUTO, false, null);
    }
    rebootAndBoot();
    SimPki.KeyedCert admin = SimPki.client(ca, List.of("os:admin"));
    return track(new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), admin.key(),
        List.of(admin.cert())), timeouts()));
  }

  @Override
  public void close() {
    clients.forEach(GrpcTalosClient::close);
    fleet.close();
  }
}
