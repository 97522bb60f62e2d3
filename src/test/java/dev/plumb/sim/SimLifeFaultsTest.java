package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.MachineStage;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The faults of a machine's life, as a Talos node would show them on the wire: swapped addresses,
 * another schematic, a wipe that keeps STATE, a blank wipe, and time that is not in sync.
 */
class SimLifeFaultsTest {
  private static final String SCHEMATIC = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

  @Test
  void parsesTheLifecycleFaults() {
    assertThat(Fault.parse("swap:worker-2")).isEqualTo(new Fault(Fault.Kind.SWAP, Duration.ZERO, "worker-2"));
    assertThat(Fault.parse("schematic:" + SCHEMATIC).arg()).isEqualTo(SCHEMATIC);
    assertThat(Fault.parse("etcd-down").kind()).isEqualTo(Fault.Kind.ETCD_DOWN);
    assertThat(Fault.parse("wipe-keep-state").kind()).isEqualTo(Fault.Kind.WIPE_KEEP_STATE);
    assertThat(Fault.parse("time-unsynced").kind()).isEqualTo(Fault.Kind.TIME_UNSYNCED);
    assertThat(Fault.parse("etcd-alarm").arg()).isEqualTo("NOSPACE");
    assertThatThrownBy(() -> Fault.parse("swap")).hasMessageContaining("expected swap:NODE");
    assertThatThrownBy(() -> Fault.parse("etcd-alarm:FULL")).hasMessageContaining("etcd-alarm:CORRUPT");
  }

  @Test
  void swappedMachinesAnswerAtEachOthersAddresses() {
    try (SimHarness sim = SimHarness.preconfigured(3, 1)) {
      TalosClient c = sim.client("os:admin");
      String w1 = sim.fleet.node("worker-1").address();
      String w2 = sim.fleet.node("worker-2").address();
      sim.fleet.node("worker-1").inject(Fault.parse("swap:worker-2"));
      assertThat(sim.fleet.node("worker-1").up()).isFalse();
      sim.rebootAndBoot();
      c = sim.client("os:admin"); // the old connections went away with the reboot
      assertThat(sim.fleet.node("worker-1").address()).isEqualTo(w2);
      assertThat(sim.fleet.byAddress(w1)).contains(sim.fleet.node("worker-2"));
      // the client dials worker-1's old address and finds worker-2 there, directly and through apid
      var oldW1 = dev.plumb.talos.NodeTarget.direct(new dev.plumb.talos.Endpoint(w1, sim.fleet.port()));
      assertThat(c.hostname(oldW1)).isEqualTo("worker-2");
      assertThat(c.hostname(dev.plumb.talos.NodeTarget.via(sim.endpoint("cp-1"), w2))).isEqualTo("worker-1");
    }
  }

  @Test
  void theSchematicComesFromTheBootedImageOrTheFault() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient c = sim.client("os:admin");
      assertThatThrownBy(() -> c.resourceYaml(sim.direct("worker-1"), "runtime", "ExtensionStatuses.runtime.talos.dev", "0"))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND));
      sim.fleet.node("worker-1").inject(Fault.parse("schematic:" + SCHEMATIC));
      assertThat(c.resourceYaml(sim.direct("worker-1"), "runtime", "ExtensionStatuses.runtime.talos.dev", "0"))
          .contains("name: schematic").contains("version: " + SCHEMATIC);
      // an upgrade to a factory image changes the schematic only once the node booted it
      String factory = "factory.talos.dev/metal-installer/" + "ab".repeat(32) + ":v1.13.9";
      c.upgrade(sim.direct("cp-1"), factory, dev.plumb.talos.RebootMode.DEFAULT);
      assertThatThrownBy(() -> c.resourceYaml(sim.direct("cp-1"), "runtime", "ExtensionStatuses.runtime.talos.dev", "0"))
          .isInstanceOf(TalosException.class);
      sim.rebootAndBoot();
      // a fresh client: the old connection went away with the reboot
      assertThat(sim.client("os:admin").resourceYaml(sim.direct("cp-1"), "runtime",
          "ExtensionStatuses.runtime.talos.dev", "0")).contains("version: " + "ab".repeat(32));
    }
  }

  @Test
  void aWipeThatKeepsStateBootsConfiguredAndRejoinsEtcdAsANewMember() {
    try (SimHarness sim = SimHarness.preconfigured(3, 3)) {
      TalosClient c = sim.client("os:admin");
      long old = sim.fleet.node("cp-2").etcd().memberId();
      String config = sim.fleet.node("cp-2").activeConfig().orElseThrow().clusterName();
      sim.fleet.node("cp-2").inject(Fault.parse("wipe-keep-state"));
      sim.rebootAndBoot();
      assertThat(sim.fleet.node("cp-2").maintenance()).isFalse();
      assertThat(sim.fleet.node("cp-2").clusterName()).isEqualTo(config);
      assertThat(c.hostname(sim.direct("cp-2"))).isEqualTo("cp-2");
      List<EtcdMember> members = c.etcdMembers(sim.direct("cp-1"));
      assertThat(members).extracting(EtcdMember::hostname).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      assertThat(members).extracting(EtcdMember::id).doesNotContain(old);
    }
  }

  @Test
  void timeOutOfSyncBlocksBootstrapEtcdAndReadiness() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      SimulatedNode w = sim.fleet.node("worker-1");
      w.inject(Fault.parse("time-unsynced"));
      assertThat(w.unmetConditions()).first().satisfies(u -> {
        assertThat(u[0]).isEqualTo("time");
        assertThat(u[1]).isEqualTo("time is not synced");
      });
      assertThat(w.services()).filteredOn(s -> s.id().equals("kubelet")).extracting(SimService::state)
          .containsExactly("Waiting");
      w.clear(Fault.Kind.TIME_UNSYNCED);
      assertThat(w.ready()).isTrue();
    }
    try (SimHarness sim = SimHarness.maintenance(1, 1)) {
      TalosClient c = sim.provision(List.of("cp-1"), SimPki.ca("talos", Duration.ofDays(10)));
      sim.fleet.node("cp-1").inject(Fault.parse("time-unsynced"));
      assertThatThrownBy(() -> c.bootstrap(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PRECONDITION))
          .hasMessageContaining("time is not in sync yet");
      sim.fleet.node("cp-1").clear(Fault.Kind.TIME_UNSYNCED);
      c.bootstrap(sim.direct("cp-1"));
      sim.advance(Duration.ofSeconds(1));
      assertThat(c.machineStatus(sim.direct("cp-1")).stage()).isEqualTo(MachineStage.RUNNING);
    }
  }
}
