package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.EtcdView;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.talos.EtcdMember;
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

  /** The etcd members of the demo: cp-1, cp-2, cp-3 with ids 1, 2, 3, all voters. */
  static final List<EtcdMember> MEMBERS = List.of(member(1, "cp-1", false), member(2, "cp-2", false),
      member(3, "cp-3", false));

  static EtcdMember member(long id, String host, boolean learner) {
    return new EtcdMember(id, host, List.of("https://" + host + ":2380"), learner);
  }

  /** A control plane's view: the given members, its own id, leader 1, no alarms. */
  static EtcdView view(List<EtcdMember> members, String host) {
    long local = members.stream().filter(m -> m.hostname().equals(host)).mapToLong(EtcdMember::id).findFirst().orElse(0);
    return new EtcdView(true, members, local, 1, false, List.of(), List.of(), "");
  }

  static NodeLive healthy(NodeConfig n) {
    return new NodeLive(n.hostname(), n.addresses().get(0), Reach.UP, n.sha256(), "v1.13.9", MachineStage.RUNNING,
        true, List.of(), n.controlPlane(), n.controlPlane(), "", Sensitive.of(n.config().reveal()), "",
        NodeLive.KubeNode.READY, "boot-" + n.hostname(), n.hostname(), "",
        n.controlPlane() ? view(MEMBERS, n.hostname()) : EtcdView.unknown("not a control plane"));
  }

  static LiveState live(ClusterDesired d, UnaryOperator<NodeLive> change) {
    List<NodeLive> nodes = new ArrayList<>();
    for (NodeConfig n : d.nodes()) {
      nodes.add(change.apply(healthy(n)));
    }
    return new LiveState(d.name(), Instant.EPOCH, nodes);
  }

  static NodeLive with(NodeLive l, Reach reach, MachineStage stage, boolean ready, boolean member) {
    EtcdView etcd = !l.hostname().startsWith("cp") ? EtcdView.unknown("not a control plane")
        : member ? l.etcd() : reach == Reach.UP ? EtcdView.notJoined("never joined") : EtcdView.unknown("down");
    return new NodeLive(l.hostname(), l.address(), reach, reach == Reach.UP ? l.configSha() : "", l.version(), stage,
        ready, List.of(), member, member, "", l.config(), l.hardwareUuid(), l.kubeNode(), l.bootId(), l.answersAs(),
        l.schematic(), etcd);
  }

  @Test
  void aChangeWaitsOutsideItsMaintenanceWindowAndSaysWhenItWillGo() {
    Map<String, String> files = new java.util.HashMap<>(DemoDesired.rebootChange());
    files.put("clusters/demo/plumb.yaml", "provision: true\nwindows:\n  allow:\n    - cron: \"0 22 * * *\"\n"
        + "      duration: 2h\n");
    ClusterDesired windowed = DemoDesired.render(files);
    LiveState before = live(desired, l -> l);
    Instant noon = Instant.parse("2026-12-01T12:00:00Z");
    Plan waiting = new Planner(new RebootPredictor(), () -> noon).plan(windowed, before, ClusterHistory.none());
    assertThat(waiting.waves()).isNotEmpty();
    assertThat(waiting.waitReason()).hasValueSatisfying(w -> assertThat(w)
        .startsWith("maintenance window:").contains("2026-12-01 22:00"));
    assertThat(waiting.notes()).contains(waiting.waitReason().get());
    // inside the window it goes; a rollout already in flight is not cut off when it closes
    Plan open = new Planner(new RebootPredictor(), () -> noon.plusSeconds(10 * 3600 + 60))
        .plan(windowed, before, ClusterHistory.none());
    assertThat(open.waitReason()).isEmpty();
    Plan continued = new Planner(new RebootPredictor(), () -> noon.plusSeconds(14 * 3600 + 60))
        .plan(windowed, before, ClusterHistory.none().inFlight(true));
    assertThat(continued.waitReason()).isEmpty();
    // a cluster in sync has nothing to wait for, window or not
    assertThat(new Planner(new RebootPredictor(), () -> noon).plan(desired, before).inSync()).isTrue();
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
    Map<String, String> change = new java.util.HashMap<>(DemoDesired.rebootChange());
    change.put("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 2\n  maxUnavailable: 2\n");
    Plan p = planner.plan(DemoDesired.render(change), live(desired, l -> l));
    assertThat(p.waitReason()).isEmpty();
    assertThat(p.waves()).extracting(Wave::name).containsExactly("control plane cp-1", "control plane cp-2",
        "control plane cp-3", "workers worker-1, worker-2", "workers worker-3");
    assertThat(p.waves().get(0).actions().get(0).reboots()).isTrue();
  }

  @Test
  void anExplicitWaveOrderComesFirstAndControlPlanesStillGoOneAtATime() {
    Map<String, String> change = new java.util.HashMap<>(DemoDesired.rebootChange());
    change.put("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  maxUnavailable: 2\n  waves:\n    - [worker-3, worker-1]\n    - [cp-3, cp-2]\n");
    ClusterDesired ordered = DemoDesired.render(change);
    Plan p = planner.plan(ordered, live(desired, l -> l));
    assertThat(p.waves()).extracting(Wave::name).containsExactly("workers worker-1, worker-3", "control plane cp-2",
        "control plane cp-3", "control plane cp-1", "workers worker-2");
  }

  @Test
  void nothingIsTouchedWhileTheBudgetOfOneIsUsedByANodeDownOrNotReady() {
    ClusterDesired changed = SafetyRulesTest.rebootChangeWith("provision: true\nrollout:\n  maxUnavailable: 1\n");
    Plan down = planner.plan(changed, live(desired, l -> l.hostname().equals("worker-3")
        ? with(l, Reach.UNREACHABLE, MachineStage.UNKNOWN, false, false) : l));
    assertThat(down.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("worker-3 does not answer"));
    Plan booting = planner.plan(changed, live(desired, l -> l.hostname().equals("cp-3")
        ? with(l, Reach.UP, MachineStage.BOOTING, false, true) : l));
    assertThat(booting.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("cp-3 is not ready"));
  }

  @Test
  void theQuorumGuardHoldsAControlPlaneChangeWhileAnotherMemberIsUnhealthy() {
    ClusterDesired cpOnly = DemoDesired.render(Map.of("clusters/demo/patches/controlplane.yaml",
        read("clusters/demo/patches/controlplane.yaml").replace("audit-log-maxage: \"30\"", "audit-log-maxage: \"31\"")));
    Plan p = planner.plan(cpOnly, live(desired, l -> l.hostname().equals("cp-2")
        ? new NodeLive(l.hostname(), l.address(), Reach.UP, l.configSha(), l.version(), MachineStage.RUNNING, true,
            List.of(), true, false, "", l.config(), "", l.kubeNode(), l.bootId(), l.answersAs(), "", l.etcd()) : l));
    // only the unhealthy member itself may change: that takes no second voter down
    assertThat(p.waitReason()).isEmpty();
    assertThat(p.waves()).extracting(Wave::name).containsExactly("control plane cp-2");
    assertThat(p.notes()).contains("quorum guard refuses cp-1: changing cp-1 would leave 1 of 3 etcd voters up, no quorum;"
        + " down: cp-1 (the change), cp-2 (etcd not healthy)");
    assertThat(p.notes()).anyMatch(n -> n.startsWith("quorum guard refuses cp-3: "));
  }

  @Test
  void anUpgradeWithAConfigChangeIsOneUpgradeWithTheConfigStaged() {
    ClusterDesired newer = DemoDesired.render(Map.of("clusters/demo/talconfig.yaml", read("clusters/demo/talconfig.yaml")
        .replace("talosVersion: v1.13.9", "talosVersion: v1.13.10")));
    Plan p = planner.plan(newer, live(desired, l -> l));
    assertThat(p.waves().get(0).actions().get(0)).hasToString("cp-1: upgrade Talos to ghcr.io/siderolabs/installer:v1.13.10"
        + " with the desired config staged first (one reboot for both)");
    assertThat(p.waves().get(0).actions()).singleElement().extracting(Action::stageConfig).isEqualTo(true);
    assertThat(p.waves()).hasSize(5);
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
