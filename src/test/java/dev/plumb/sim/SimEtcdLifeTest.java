package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.EtcdAlarm;
import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.MachineStage;
import dev.plumb.talos.ServiceStatus;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * etcd through a control plane's life, on the wire: before bootstrap, lost members, removal,
 * leaving, alarms and a stopped etcd (v1alpha1_server.go EtcdMemberList, EtcdRemoveMemberByID,
 * EtcdLeaveCluster, EtcdAlarmList; internal/pkg/etcd; services/etcd.go).
 */
class SimEtcdLifeTest {
  private static TalosClient provision(SimHarness sim, List<String> nodes, SimPki.KeyedCert ca) {
    return sim.provision(nodes, ca);
  }

  private static ServiceStatus service(TalosClient c, SimHarness sim, String node, String id) {
    return c.services(sim.direct(node)).stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void beforeBootstrapEtcdWaitsInItsPreStateAndNoEtcdClientCanBeMade() {
    try (SimHarness sim = SimHarness.maintenance(2, 2)) {
      TalosClient c = provision(sim, List.of("cp-1", "cp-2"), SimPki.ca("talos", Duration.ofDays(10)));
      for (String cp : List.of("cp-1", "cp-2")) {
        assertThat(c.machineStatus(sim.direct(cp)).stage()).as(cp).isEqualTo(MachineStage.BOOTING);
        ServiceStatus etcd = service(c, sim, cp, "etcd");
        assertThat(etcd.state()).isEqualTo("Preparing");
        assertThat(etcd.lastMessage()).isEqualTo("Running pre state");
        assertThatThrownBy(() -> c.etcdMembers(sim.direct(cp)))
            .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.OTHER))
            .hasMessageContaining("UNKNOWN no controlplane endpoints discovered yet");
        assertThatThrownBy(() -> c.etcdStatus(sim.direct(cp)))
            .hasMessageContaining("failed to create etcd client: context deadline exceeded");
        assertThatThrownBy(() -> c.resourceYaml(sim.direct(cp), "etcd", "EtcdMembers.etcd.talos.dev", "local"))
            .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND));
      }
      c.bootstrap(sim.direct("cp-1"));
      sim.advance(Duration.ofSeconds(1));
      assertThat(c.etcdMembers(sim.direct("cp-2"))).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2");
      assertThat(service(c, sim, "cp-2", "etcd").state()).isEqualTo("Running");
    }
  }

  @Test
  void afterAFullPowerLossTheMemberListIsUnknownButEtcdIsNotInItsPreState() {
    try (SimHarness sim = SimHarness.preconfigured(3, 3)) {
      TalosClient c = sim.client("os:admin");
      for (String cp : List.of("cp-1", "cp-2", "cp-3")) {
        c.reboot(sim.direct(cp), dev.plumb.talos.RebootMode.DEFAULT);
      }
      sim.clock.runDue();
      // all back, etcd (the 7th service) not started yet anywhere
      sim.advance(SimHarness.TIMING.reboot().plus(SimHarness.TIMING.serviceStep().multipliedBy(3)));
      TalosClient fresh = sim.client("os:admin");
      assertThatThrownBy(() -> fresh.etcdMembers(sim.direct("cp-1")))
          .hasMessageContaining("no controlplane endpoints discovered yet");
      ServiceStatus etcd = service(fresh, sim, "cp-1", "etcd");
      assertThat(etcd.state()).isEqualTo("Waiting");
      sim.advance(SimHarness.TIMING.serviceStep().multipliedBy(5));
      assertThat(fresh.etcdMembers(sim.direct("cp-1"))).hasSize(3);
    }
  }

  @Test
  void aBlankWipeLeavesAStaleVoterThatTheRejoiningNodeReplaces() {
    try (SimHarness sim = SimHarness.maintenance(3, 3)) {
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      TalosClient c = provision(sim, List.of("cp-1", "cp-2", "cp-3"), ca);
      c.bootstrap(sim.direct("cp-1"));
      sim.advance(Duration.ofSeconds(1));
      long old = sim.fleet.node("cp-3").etcd().memberId();
      sim.fleet.node("cp-3").inject(Fault.parse("wipe"));
      sim.rebootAndBoot();
      assertThat(sim.fleet.node("cp-3").maintenance()).isTrue();
      List<EtcdMember> stale = c.etcdMembers(sim.direct("cp-1"));
      assertThat(stale).extracting(EtcdMember::id).contains(old);
      assertThat(stale).filteredOn(m -> m.id() == old).extracting(EtcdMember::learner).containsExactly(false);
      // a second voter lost: two of three voters gone, no quorum although only one machine is down
      sim.fleet.node("cp-2").inject(Fault.of(Fault.Kind.ETCD_DOWN));
      assertThatThrownBy(() -> c.etcdMembers(sim.direct("cp-1"))).hasMessageContaining("no leader");
      sim.fleet.node("cp-2").clear(Fault.Kind.ETCD_DOWN);
      provision(sim, List.of("cp-3"), ca);
      List<EtcdMember> after = c.etcdMembers(sim.direct("cp-1"));
      assertThat(after).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      assertThat(after).extracting(EtcdMember::id).doesNotContain(old);
    }
  }

  @Test
  void removeMemberTakesStaleMembersAndRefusesWhatWouldBreakQuorum() {
    try (SimHarness sim = SimHarness.preconfigured(4, 3)) {
      TalosClient c = sim.client("os:admin");
      long cp3 = sim.fleet.node("cp-3").etcd().memberId();
      long cp2 = sim.fleet.node("cp-2").etcd().memberId();
      sim.fleet.node("cp-3").inject(Fault.of(Fault.Kind.ETCD_DOWN));
      // removing a started voter would leave one of two: etcd's strict reconfig check refuses
      assertThatThrownBy(() -> c.etcdRemoveMember(sim.direct("cp-1"), cp2))
          .hasMessageContaining("failed to remove member " + Long.toUnsignedString(cp2)
              + ": etcdserver: re-configuration failed due to not enough started members");
      c.etcdRemoveMember(sim.direct("cp-1"), cp3);
      assertThat(c.etcdMembers(sim.direct("cp-2"))).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2");
      assertThatThrownBy(() -> c.etcdRemoveMember(sim.direct("cp-1"), cp3))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND))
          .hasMessageContaining("etcdserver: member not found");
      assertThatThrownBy(() -> c.etcdRemoveMember(sim.direct("worker-1"), cp3))
          .hasMessageContaining("etcd remove member is only available on control plane nodes");
      assertThatThrownBy(() -> sim.client("os:operator").etcdRemoveMember(sim.direct("cp-1"), cp3))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED));
    }
  }

  @Test
  void leavingRemovesTheMemberStopsEtcdAndTheNextBootJoinsAnew() {
    try (SimHarness sim = SimHarness.preconfigured(3, 3)) {
      TalosClient c = sim.client("os:admin");
      long old = sim.fleet.node("cp-3").etcd().memberId();
      c.etcdLeave(sim.direct("cp-3"));
      assertThat(c.etcdMembers(sim.direct("cp-1"))).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2");
      assertThat(service(c, sim, "cp-3", "etcd").state()).isEqualTo("Finished");
      assertThat(c.machineStatus(sim.direct("cp-3")).stage()).isEqualTo(MachineStage.RUNNING);
      assertThatThrownBy(() -> c.etcdLeave(sim.direct("cp-3"))).hasMessageContaining("failed to leave cluster");
      c.reboot(sim.direct("cp-3"), dev.plumb.talos.RebootMode.DEFAULT);
      sim.rebootAndBoot();
      List<EtcdMember> after = c.etcdMembers(sim.direct("cp-1"));
      assertThat(after).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      assertThat(after).extracting(EtcdMember::id).doesNotContain(old);
    }
  }

  @Test
  void alarmsAreListedPerMemberAndAStoppedEtcdAnswersNothingLocally() {
    try (SimHarness sim = SimHarness.preconfigured(3, 3)) {
      TalosClient c = sim.client("os:reader");
      assertThat(c.etcdAlarms(sim.direct("cp-1"))).isEmpty();
      sim.fleet.node("cp-2").inject(Fault.parse("etcd-alarm:NOSPACE"));
      assertThat(c.etcdAlarms(sim.direct("cp-1")))
          .containsExactly(new EtcdAlarm(sim.fleet.node("cp-2").etcd().memberId(), "NOSPACE"));
      sim.fleet.node("cp-2").inject(Fault.of(Fault.Kind.ETCD_DOWN));
      assertThat(service(c, sim, "cp-2", "etcd").state()).isEqualTo("Finished");
      assertThatThrownBy(() -> c.etcdAlarms(sim.direct("cp-2")))
          .hasMessageContaining("failed to create etcd client: context deadline exceeded");
      assertThatThrownBy(() -> c.etcdStatus(sim.direct("cp-2")))
          .hasMessageContaining("failed to create etcd client: context deadline exceeded");
      // the member list goes through the other control planes; the stopped member is still listed
      assertThat(c.etcdMembers(sim.direct("cp-2"))).hasSize(3);
      assertThat(sim.fleet.node("cp-2").unmetConditions()).extracting(u -> u[0]).contains("services");
    }
  }
}
