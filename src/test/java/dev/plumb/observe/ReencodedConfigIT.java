package dev.plumb.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.plan.Action;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.plan.Wave;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.Policy;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosChannels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes that answer with their config re-encoded (as after talosctl edit/patch: another key order,
 * other quoting, no comments) are not drift; a real change still is.
 */
class ReencodedConfigIT {
  SimHarness sim;
  ExecutorService pool;
  Observer observer;
  GrpcTalosClient admin;

  @BeforeEach
  void start() {
    sim = new SimHarness(FleetSpec.of(3, 1).preconfigured(true).reencodedConfigs(true));
    pool = Executors.newFixedThreadPool(3);
    // generous deadlines: this checks content, not speed, and test machines are often loaded
    admin = sim.track(new GrpcTalosClient(TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin"))),
        new GrpcTalosClient.Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60))));
    observer = new Observer(admin, sim.insecureClient(), sim.fleet.port(), pool, () -> sim.clock.now());
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sim.close();
  }

  @Test
  void aReencodedEqualConfigIsNotDriftAndARealChangeIs() {
    ClusterDesired same = desired(Map.of());
    for (NodeConfig n : same.nodes()) {
      byte[] live = admin.machineConfig(NodeTarget.direct(sim.endpoint(n.hostname())));
      // the node really answers with other bytes, which a byte or key-order comparison calls drift
      assertThat(new String(live, StandardCharsets.UTF_8)).isNotEqualTo(new String(n.config().reveal(),
          StandardCharsets.UTF_8)).contains("\"machine\":");
      assertThat(CanonicalYaml.sha256(live)).isNotEqualTo(CanonicalYaml.sha256(n.config().reveal()));
    }
    Plan inSync = plan(same);
    assertThat(inSync.drift()).isEmpty();
    assertThat(actions(inSync)).isEmpty();

    ClusterDesired changed = desired(Map.of("worker-1", "  sysctls:\n    net.core.somaxconn: \"65535\"\n"));
    Plan drift = plan(changed);
    assertThat(drift.drift()).singleElement().asString().startsWith("worker-1: config differs");
    assertThat(actions(drift)).extracting(Action::node, Action::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-1", Action.Kind.APPLY_CONFIG));
  }

  private Plan plan(ClusterDesired desired) {
    return new Planner(new RebootPredictor()).plan(desired, observer.observe(desired));
  }

  private static List<Action> actions(Plan p) {
    return p.waves().stream().map(Wave::actions).flatMap(List::stream).toList();
  }

  /** The configs the nodes were given, with {@code extra} inserted under machine: for some nodes. */
  private ClusterDesired desired(Map<String, String> extra) {
    List<NodeConfig> nodes = new ArrayList<>();
    for (SimulatedNode node : sim.fleet.nodes()) {
      String text = new String(node.activeConfig().orElseThrow().raw(), StandardCharsets.UTF_8);
      text = text.replace("  certSANs: []\n", "  certSANs: []\n" + extra.getOrDefault(node.name(), ""));
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      nodes.add(new NodeConfig(node.name(), List.of(node.address()), node.controlPlane(), node.name() + ".yaml",
          Sensitive.of(bytes), CanonicalYaml.canonicalSha(bytes), List.of("v1alpha1", "HostnameConfig"),
          "ghcr.io/siderolabs/installer:v1.13.9", "v1.13.9"));
    }
    return new ClusterDesired("sim", "talconfig.yaml", "v1.13.9", "v1.34.1", "https://127.77.0.1:6443", nodes,
        List.of(), Policy.defaults(), null);
  }
}
