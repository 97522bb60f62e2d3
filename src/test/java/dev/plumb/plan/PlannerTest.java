package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.talos.MachineStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planner on hand-made live states: which wave acts next, and when it must wait. */
class PlannerTest {
  static ClusterDesired desired;
  static ClusterDesired changed;
  final Planner planner = new Planner(new RebootPredictor());

  @BeforeAll
  static void render() {
    desired = DemoDesired.render(Map.of());
    changed = DemoDesired.render(DemoDesired.rebootChange());
  }

  static NodeLive healthy(NodeConfig n) {
    return new NodeLive(n.hostname(), n.addresses().get(0), Reach.UP, n.sha256(), "v1.13.9", MachineStage.RUNNING,
        true, List.of(), n.controlPlane(), n.controlPlane(), "", Sensitive.of(n.config().reveal()), "", NodeLive.KubeNode.READY);
  }

  static LiveState live(ClusterDesired d, UnaryOperator<NodeLive> change) {
    List<NodeLive> nodes = new ArrayList<>();
    for (NodeConfig n : d.nodes()) {
      nodes.add(change.apply(healthy(n)));
    }
    return new LiveState(d.name(), Instant.EPOCH, nodes);
  }

  static NodeLive with(NodeLive l, Reach reach, MachineStage stage, boolean ready, boolean member) {
    return new NodeLive(l.hostname(), l.address(), reach, reach == Reach.UP ? l.configSha() : "", l.version(), stage,
        ready, List.of(), member, member, "", l.config(), l.hardwareUuid(), l.kubeNode());
  }

  @Test
  void inSyncMeansAnEmptyPlan() {
    assertThat(planner.plan(desired, live(desired, l -> l)).inSync()).isTrue();
  }

  @Test
  void aNewClusterProvisionsControlPlanesThenBootstrapsOnceThenWorkers() {
    Plan p1 = planner.plan(desired, live(desired, l -> with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false)));
    assertThat(p1.waves()).extracting(Wave::name).containsExactly("provision control planes");
    assertThat(p1.waves().get(0).actions()).extracting(Action::node).containsExactly("cp-1", "cp-2", "cp-3");

    Plan p2 = planner.plan(desired, live(desired, l -> l.hostname().startsWith("cp")
        ? with(l, Reach.UP, MachineStage.BOOTING, false, false)
        : with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false)));
    assertThat(p2.waves()).singleElement().extracting(Wave::actions).asList().singleElement()
        .hasToString("cp-1: bootstrap etcd");

    Plan p3 = planner.plan(desired, live(desired, l -> l.hostname().startsWith("cp")
        ? (l.hostname().equals("cp-1") ? l : with(l, Reach.UP, MachineStage.BOOTING, false, false))
        : with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false)));
    assertThat(p3.waves()).extracting(Wave::name).containsExactly("provision workers");
  }

  @Test
  void changesGoControlPlanesOneAtATimeThenWorkersInBatches() {
    Plan p = planner.plan(changed, live(desired, l -> l));
    assertThat(p.waitReason()).isEmpty();
    assertThat(p.waves()).extracting(Wave::name).containsExactly("control plane cp-1", "control plane cp-2",
        "control plane cp-3", "workers worker-1, worker-2", "workers worker-3");
    assertThat(p.waves().get(0).actions().get(0).reboots()).isTrue();
  }

  @Test
  void anExplicitWaveOrderComesFirstAndControlPlanesStillGoOneAtATime() {
    Map<String, String> change = new java.util.HashMap<>(DemoDesired.rebootChange());
    change.put("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  waves:\n    - [worker-3, worker-1]\n    - [cp-3, cp-2]\n");
    ClusterDesired ordered = DemoDesired.render(change);
    Plan p = planner.plan(ordered, live(desired, l -> l));
    assertThat(p.waves()).extracting(Wave::name).containsExactly("workers worker-1, worker-3", "control plane cp-2",
        "control plane cp-3", "control plane cp-1", "workers worker-2");
  }

  @Test
  void nothingIsTouchedWhileANodeIsDownOrNotReady() {
    Plan down = planner.plan(changed, live(desired, l -> l.hostname().equals("worker-3")
        ? with(l, Reach.UNREACHABLE, MachineStage.UNKNOWN, false, false) : l));
    assertThat(down.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("worker-3 does not answer"));
    Plan booting = planner.plan(changed, live(desired, l -> l.hostname().equals("cp-3")
        ? with(l, Reach.UP, MachineStage.BOOTING, false, true) : l));
    assertThat(booting.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("cp-3 is not ready"));
  }

  @Test
  void theQuorumGuardHoldsAControlPlaneRebootWhileAnotherMemberIsUnhealthy() {
    Plan p = planner.plan(changed, live(desired, l -> l.hostname().equals("cp-2")
        ? new NodeLive(l.hostname(), l.address(), Reach.UP, l.configSha(), l.version(), MachineStage.RUNNING, true,
            List.of(), true, false, "", l.config(), "", l.kubeNode()) : l));
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).isEqualTo("quorum guard: etcd member cp-2 is not healthy"));
  }

  @Test
  void anUpgradeComesBeforeTheConfigChange() {
    ClusterDesired newer = DemoDesired.render(Map.of("clusters/demo/talconfig.yaml", read("clusters/demo/talconfig.yaml")
        .replace("talosVersion: v1.13.9", "talosVersion: v1.13.10")));
    Plan p = planner.plan(newer, live(desired, l -> l));
    assertThat(p.waves().get(0).actions().get(0)).hasToString("cp-1: upgrade Talos to ghcr.io/siderolabs/installer:v1.13.10 (reboot)");
    assertThat(p.drift()).contains("cp-1: runs Talos v1.13.9, wants v1.13.10");
  }

  @Test
  void aNodeInMaintenanceIsNotReprovisionedWhenThePolicySaysNo() {
    ClusterDesired strict = DemoDesired.render(Map.of("clusters/demo/plumb.yaml", "reprovision: false\n"));
    Plan p = planner.plan(strict, live(strict, l -> l.hostname().equals("worker-2")
        ? with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false) : l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("policy forbids re-provisioning"));
  }

  static String read(String p) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
