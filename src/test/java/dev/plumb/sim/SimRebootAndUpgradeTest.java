package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.MachineStage;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import dev.plumb.talos.api.machine.MachineServiceGrpc;
import dev.plumb.talos.api.machine.UpgradeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reboots and upgrades as a Talos node shows them on the wire: MachineService/Read of the boot id
 * (admin only, a new id each boot), the API answering in stage rebooting/upgrading before it goes
 * away, and the legacy MachineService/Upgrade with its flags and etcd checks (v1alpha1_server.go
 * Read and Upgrade, internal/pkg/etcd ValidateForUpgrade).
 */
class SimRebootAndUpgradeTest {
  private static final String NEXT = "ghcr.io/siderolabs/installer:v1.12.7";
  private static final SimTiming SLOW_STOP =
      new SimTiming(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1));

  private static UpgradeRequest.Builder upgrade(String image) {
    return UpgradeRequest.newBuilder().setImage(image);
  }

  /** The legacy Upgrade on the raw wire, so that stage, force and preserve can be set. */
  private static void legacyUpgrade(SimHarness sim, String node, UpgradeRequest req) {
    try (TalosChannels ch = TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin")))) {
      NodeTarget t = sim.direct(node);
      MachineServiceGrpc.newBlockingStub(ch.channel(t)).withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
          .upgrade(req);
    }
  }

  private static String error(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void bootIdIsReadableByAdminsOnlyAndChangesWithEveryBoot() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient admin = sim.client("os:admin");
      String first = admin.bootId(sim.direct("worker-1"));
      assertThat(first).matches("[0-9a-f-]{36}").isEqualTo(admin.bootId(sim.direct("worker-1")));
      assertThat(new String(admin.read(sim.direct("worker-1"), SimFiles.BOOT_ID))).endsWith("\n");
      assertThatThrownBy(() -> sim.client("os:reader").bootId(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED));
      assertThatThrownBy(() -> admin.read(sim.direct("worker-1"), "/etc/nope"))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND))
          .hasMessageContaining("stat /etc/nope: no such file or directory");
      assertThatThrownBy(() -> admin.read(sim.direct("worker-1"), "/proc"))
          .hasMessageContaining("path must be a regular file");
      admin.reboot(sim.direct("worker-1"), RebootMode.DEFAULT);
      sim.rebootAndBoot();
      String second = admin.bootId(sim.direct("worker-1"));
      assertThat(second).isNotEqualTo(first);
      admin.upgrade(sim.direct("worker-1"), "ghcr.io/siderolabs/installer:v1.13.9", RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(admin.bootId(sim.direct("worker-1"))).isNotIn(first, second);
      assertThat(admin.hostname(sim.direct("worker-1"))).isEqualTo("worker-1");
    }
  }

  @Test
  void readIsNotServedInMaintenanceMode() {
    try (SimHarness sim = SimHarness.maintenance(1, 1)) {
      assertThatThrownBy(() -> sim.insecureClient().read(sim.maintenance("cp-1"), SimFiles.BOOT_ID))
          .hasMessageContaining("method Read not implemented");
    }
  }

  @Test
  void theApiAnswersInStageRebootingThenUpgradingBeforeItGoesAway() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.12.6"), SLOW_STOP)) {
      TalosClient c = sim.client("os:admin");
      c.reboot(sim.direct("worker-1"), RebootMode.DEFAULT);
      sim.clock.runDue();
      assertThat(c.machineStatus(sim.direct("worker-1")).stage()).isEqualTo(MachineStage.REBOOTING);
      sim.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> c.machineStatus(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.UNREACHABLE));
      sim.rebootAndBoot();
      legacyUpgrade(sim, "worker-1", upgrade(NEXT).build());
      sim.advance(Duration.ofMillis(900));
      assertThat(c.machineStatus(sim.direct("worker-1")).stage()).isEqualTo(MachineStage.UPGRADING);
      assertThat(c.version(sim.direct("worker-1")).tag()).isEqualTo("v1.12.6");
      sim.advance(Duration.ofMillis(100));
      sim.rebootAndBoot();
      assertThat(c.version(sim.direct("worker-1")).tag()).isEqualTo("v1.12.7");
    }
  }

  @Test
  void aStagedUpgradeRebootsFirstAndInstallsDuringTheNextBoot() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.12.6"), SLOW_STOP)) {
      TalosClient c = sim.client("os:admin");
      legacyUpgrade(sim, "worker-1", upgrade(NEXT).setStage(true).build());
      sim.clock.runDue();
      assertThat(c.machineStatus(sim.direct("worker-1")).stage()).isEqualTo(MachineStage.REBOOTING);
      sim.advance(Duration.ofSeconds(1));
      sim.rebootAndBoot();
      assertThat(c.version(sim.direct("worker-1")).tag()).isEqualTo("v1.12.7");
    }
  }

  @Test
  void aControlPlaneWithoutForceNeedsAHealthyEtcdOfMoreThanTwoMembers() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(3, 3).preconfigured(true).talosVersion("v1.12.6"))) {
      // one member lost without leaving: its stale member fails the health check
      sim.fleet.node("cp-3").inject(Fault.of(Fault.Kind.NEVER_RETURN));
      sim.client("os:admin").reboot(sim.direct("cp-3"), RebootMode.DEFAULT);
      sim.rebootAndBoot();
      long stale = sim.fleet.node("cp-3").etcd().memberId();
      assertThat(error(() -> legacyUpgrade(sim, "cp-1", upgrade(NEXT).setPreserve(true).build())))
          .isEqualTo("UNKNOWN error validating etcd for upgrade: etcd member " + String.format("%016x", stale)
              + " is not healthy; all members must be healthy to perform an upgrade: context deadline exceeded");
      // removed, two members are left: not enough to keep quorum through an upgrade
      sim.client("os:admin").etcdRemoveMember(sim.direct("cp-1"), stale);
      assertThat(error(() -> legacyUpgrade(sim, "cp-1", upgrade(NEXT).setPreserve(true).build())))
          .contains("etcd member count(2) is insufficient to maintain quorum if upgrade commences");
      assertThat(sim.fleet.node("cp-1").stage()).isEqualTo(MachineStage.RUNNING);
      // force skips the etcd checks
      legacyUpgrade(sim, "cp-1", upgrade(NEXT).setForce(true).build());
      assertThat(sim.fleet.node("cp-1").stage()).isEqualTo(MachineStage.UPGRADING);
    }
  }

  @Test
  void theUpgradeMutexAndLearnersAndASingleMemberWithoutPreserveAreRefused() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(3, 3).preconfigured(true).talosVersion("v1.12.6"))) {
      SimEtcdCluster etcd = sim.fleet.node("cp-1").etcdCluster();
      assertThat(etcd.tryLockUpgrade()).isTrue(); // another control plane runs its pre-upgrade checks
      assertThat(error(() -> legacyUpgrade(sim, "cp-2", upgrade(NEXT).setPreserve(true).build())))
          .isEqualTo("UNKNOWN failed to acquire upgrade mutex: error trying to lock etcd upgrade mutex:"
              + " mutex: Locked by another session");
      etcd.unlockUpgrade();
      LifeFaults.inject(sim.fleet.node("cp-3"), Fault.parse("wipe-keep-state"));
      sim.clock.runDue();
      sim.advance(SimHarness.TIMING.reboot().plus(SimHarness.TIMING.serviceStep().multipliedBy(8)));
      assertThat(error(() -> legacyUpgrade(sim, "cp-1", upgrade(NEXT).setPreserve(true).build())))
          .contains("is not healthy; all members must be healthy to perform an upgrade:"
              + " etcdserver: rpc not supported for learner");
    }
    try (SimHarness sim = new SimHarness(FleetSpec.of(1, 1).preconfigured(true).talosVersion("v1.12.6"))) {
      assertThat(error(() -> legacyUpgrade(sim, "cp-1", upgrade(NEXT).build())))
          .contains("only 1 etcd member found; assuming this is not an HA setup and refusing to upgrade");
      legacyUpgrade(sim, "cp-1", upgrade(NEXT).setPreserve(true).build());
    }
  }

  @Test
  void theLegacyUpgradeIsNotServedToAnInsecureCallerInMaintenanceMode() {
    try (SimHarness sim = SimHarness.maintenance(1, 1);
        TalosChannels ch = TalosChannels.insecureOnly()) {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> MachineServiceGrpc.newBlockingStub(ch.channel(sim.maintenance("cp-1"))).upgrade(upgrade(NEXT).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(e.getStatus().getDescription()).isEqualTo("API is not implemented in maintenance mode");
    }
  }
}
