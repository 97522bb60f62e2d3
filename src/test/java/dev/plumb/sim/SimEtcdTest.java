package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.MachineStage;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The simulator's etcd answers as Talos's machined does: expectations from siderolabs/talos
 * internal/app/machined/internal/server/v1alpha1/v1alpha1_server.go (checkControlplane, EtcdMemberList,
 * Bootstrap) and internal/app/machined/pkg/system/services/etcd.go (join as learner, promote).
 */
class SimEtcdTest {
  private static final String IMAGE = "ghcr.io/siderolabs/installer:v1.13.9";

  /** Provisions the named nodes from maintenance mode with one CA and returns an admin client. */
  private static TalosClient provision(SimHarness sim, List<String> nodes) {
    return provision(sim, nodes, SimPki.ca("talos", Duration.ofDays(10)));
  }

  private static TalosClient provision(SimHarness sim, List<String> nodes, SimPki.KeyedCert ca) {
    TalosClient insecure = sim.insecureClient();
    for (String n : nodes) {
      insecure.applyConfiguration(sim.maintenance(n), SimConfigs.node("lab", n, n.startsWith("cp"), ca,
          "https://10.0.0.1:6443", IMAGE), ApplyMode.AUTO, false, null);
    }
    sim.rebootAndBoot();
    SimPki.KeyedCert admin = SimPki.client(ca, List.of("os:admin"));
    return sim.track(new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), admin.key(),
        List.of(admin.cert())), SimHarness.timeouts()));
  }

  private static Map<String, Boolean> learners(List<EtcdMember> members) {
    return members.stream().collect(Collectors.toMap(EtcdMember::hostname, EtcdMember::learner));
  }

  @Test
  void joiningControlPlanesAreLearnersUntilPromoted() {
    try (SimHarness sim = SimHarness.maintenance(3, 3)) {
      TalosClient c = provision(sim, List.of("cp-1", "cp-2", "cp-3"));
      c.bootstrap(sim.direct("cp-1"));
      assertThat(learners(c.etcdMembers(sim.direct("cp-1"))))
          .containsExactlyInAnyOrderEntriesOf(Map.of("cp-1", false, "cp-2", true, "cp-3", true));
      assertThat(SimEtcd.status(sim.fleet.node("cp-2")).getMemberStatus().getIsLearner()).isTrue();
      sim.advance(Duration.ofSeconds(1));
      assertThat(learners(c.etcdMembers(sim.direct("cp-1"))))
          .containsExactlyInAnyOrderEntriesOf(Map.of("cp-1", false, "cp-2", false, "cp-3", false));
      assertThat(SimEtcd.status(sim.fleet.node("cp-2")).getMemberStatus().getIsLearner()).isFalse();
    }
  }

  @Test
  void aWipedControlPlaneRejoinsAsANewLearnerAndItsOldMemberIsGone() {
    try (SimHarness sim = SimHarness.maintenance(3, 3)) {
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      TalosClient c = provision(sim, List.of("cp-1", "cp-2", "cp-3"), ca);
      c.bootstrap(sim.direct("cp-1"));
      sim.advance(Duration.ofSeconds(1));
      long oldId = sim.fleet.node("cp-3").etcd().memberId();
      LifeFaults.reset(sim.fleet.node("cp-3"), true);
      sim.rebootAndBoot();
      assertThat(c.etcdMembers(sim.direct("cp-1"))).extracting(EtcdMember::hostname)
          .containsExactlyInAnyOrder("cp-1", "cp-2");
      provision(sim, List.of("cp-3"), ca);
      List<EtcdMember> after = c.etcdMembers(sim.direct("cp-1"));
      assertThat(after).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      assertThat(after).extracting(EtcdMember::id).doesNotContain(oldId);
      assertThat(after).filteredOn(m -> m.hostname().equals("cp-3")).extracting(EtcdMember::learner)
          .containsExactly(false); // promoted during the boot that rebootAndBoot waited out
    }
  }

  @Test
  void memberListGoesThroughTheOtherControlPlanesWhileTheLocalEtcdIsDown() {
    try (SimHarness sim = SimHarness.preconfigured(4, 3)) {
      TalosClient c = sim.client("os:admin");
      c.reboot(sim.direct("cp-2"), RebootMode.DEFAULT);
      sim.clock.runDue();
      // API up again, etcd (the 7th service) not yet started.
      sim.advance(SimHarness.TIMING.reboot().plus(SimHarness.TIMING.serviceStep().multipliedBy(3)));
      assertThat(c.machineStatus(sim.direct("cp-2")).stage()).isEqualTo(MachineStage.BOOTING);
      assertThat(c.etcdMembers(sim.direct("cp-2"))).extracting(EtcdMember::hostname)
          .containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      assertThatThrownBy(() -> c.etcdStatus(sim.direct("cp-2")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isNotEqualTo(TalosException.Kind.UNIMPLEMENTED));
      assertThatThrownBy(() -> c.etcdMembers(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.UNIMPLEMENTED))
          .hasMessageContaining("member list is only available on control plane nodes");
    }
  }

  @Test
  void quorumCountsStaleVotersSoTwoLostAndOneRebootingOfFiveHasNoLeader() {
    try (SimHarness sim = SimHarness.preconfigured(5, 5)) {
      TalosClient c = sim.client("os:admin");
      long before = c.etcdStatus(sim.direct("cp-1")).leader();
      assertThat(before).isNotZero();
      for (String lost : List.of("cp-4", "cp-5")) {
        sim.fleet.node(lost).inject(Fault.of(Fault.Kind.NEVER_RETURN));
        c.reboot(sim.direct(lost), RebootMode.DEFAULT);
      }
      sim.rebootAndBoot();
      // Lost without leaving: still voting members, 3 of 5 serve, a leader remains.
      assertThat(c.etcdMembers(sim.direct("cp-1"))).hasSize(5);
      assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isTrue();
      c.reboot(sim.direct("cp-3"), RebootMode.DEFAULT);
      sim.clock.runDue();
      assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isFalse();
      assertThatThrownBy(() -> c.etcdMembers(sim.direct("cp-1"))).hasMessageContaining("no leader");
    }
  }

  @Test
  void bootstrapChecksComeInTalosOrder() {
    try (SimHarness sim = SimHarness.maintenance(2, 1)) {
      TalosClient c = provision(sim, List.of("cp-1", "worker-1"));
      assertThatThrownBy(() -> c.bootstrap(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PRECONDITION))
          .hasMessageContaining("bootstrap can only be performed on a control plane node");
      c.reboot(sim.direct("worker-1"), RebootMode.DEFAULT);
      c.reboot(sim.direct("cp-1"), RebootMode.DEFAULT);
      sim.clock.runDue();
      sim.advance(SimHarness.TIMING.reboot().plus(SimHarness.TIMING.serviceStep()));
      // CRI is checked first, before the machine type.
      for (String n : List.of("worker-1", "cp-1")) {
        assertThatThrownBy(() -> c.bootstrap(sim.direct(n))).as(n)
            .hasMessageContaining("bootstrap is not available yet");
      }
      sim.rebootAndBoot();
      c.bootstrap(sim.direct("cp-1"));
      assertThatThrownBy(() -> c.bootstrap(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.ALREADY_EXISTS))
          .hasMessageContaining("etcd data directory is not empty");
    }
  }
}
