package dev.plumb.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.Policy;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the observer reads from real (simulated) nodes: who answers, the live etcd view, the Kubernetes Node. */
class ObserverIT {
  SimHarness sim;
  ExecutorService pool;
  Observer observer;

  @BeforeEach
  void start() {
    sim = new SimHarness(FleetSpec.of(4, 3).preconfigured(true));
    pool = Executors.newFixedThreadPool(4);
    GrpcTalosClient admin = sim.track(new GrpcTalosClient(TalosChannels.forContext(
        sim.fleet.clientContext(List.of("os:admin"))), new GrpcTalosClient.Timeouts(Duration.ofSeconds(30),
        Duration.ofSeconds(60))));
    observer = new Observer(admin, sim.insecureClient(), sim.fleet.port(), pool, () -> sim.clock.now());
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sim.close();
  }

  @Test
  void controlPlanesReportTheLiveEtcdViewAndEveryNodeWhoItIs() {
    ClusterDesired d = desired(Map.of());
    LiveState live = observer.observe(d, Set.of("cp-1"));
    for (NodeLive l : live.nodes()) {
      assertThat(l.reach()).as(l.hostname()).isEqualTo(Reach.UP);
      assertThat(l.answersAs()).isEqualTo(l.hostname());
    }
    NodeLive cp1 = live.node("cp-1").orElseThrow();
    assertThat(cp1.etcd().known()).isTrue();
    assertThat(cp1.etcd().voters()).extracting(m -> m.hostname()).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
    assertThat(cp1.etcd().members()).anyMatch(m -> m.id() == cp1.etcd().localId() && m.hostname().equals("cp-1"));
    assertThat(cp1.etcd().leader()).isNotZero();
    assertThat(cp1.etcdMember()).isTrue();
    assertThat(cp1.kubeNode()).isNotEqualTo(NodeLive.KubeNode.UNKNOWN);
    assertThat(live.node("worker-1").orElseThrow().etcd().known()).isFalse();
  }

  @Test
  void aMachineAnsweringAsAnotherNodeIsForeign() {
    LiveState live = observer.observe(desired(Map.of("cp-2", "cp-3", "cp-3", "cp-2")));
    NodeLive cp2 = live.node("cp-2").orElseThrow();
    assertThat(cp2.reach()).isEqualTo(Reach.FOREIGN);
    assertThat(cp2.detail()).contains("answers as cp-3, not cp-2");
    assertThat(live.node("cp-1").orElseThrow().reach()).isEqualTo(Reach.UP);
  }

  /** The sim's nodes as Git would declare them; {@code swap} gives a node another node's address. */
  private ClusterDesired desired(Map<String, String> swap) {
    List<NodeConfig> nodes = new ArrayList<>();
    Map<String, String> addresses = new java.util.HashMap<>();
    sim.fleet.nodes().forEach(n -> addresses.put(n.name(), n.address()));
    for (SimulatedNode node : sim.fleet.nodes()) {
      byte[] bytes = node.activeConfig().orElseThrow().raw();
      String address = addresses.get(swap.getOrDefault(node.name(), node.name()));
      nodes.add(new NodeConfig(node.name(), List.of(address), node.controlPlane(), node.name() + ".yaml",
          Sensitive.of(bytes), CanonicalYaml.canonicalSha(bytes), List.of("v1alpha1"),
          "ghcr.io/siderolabs/installer:v1.13.9", "v1.13.9"));
    }
    return new ClusterDesired("sim", "talconfig.yaml", "v1.13.9", "v1.34.1", "https://127.77.0.1:6443", nodes,
        List.of(), Policy.defaults(), null);
  }
}
