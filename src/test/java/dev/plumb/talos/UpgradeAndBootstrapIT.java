package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.sim.Fault;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimConfigs;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimImages;
import dev.plumb.sim.SimPki;
import dev.plumb.sim.SimRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Talos upgrades by the 1.13 flow and the legacy call, and bootstrapping etcd once. */
class UpgradeAndBootstrapIT {
  private static final String NEXT = "ghcr.io/siderolabs/installer:v1.13.10";

  @Test
  void upgradesA113NodeByPullLifecycleUpgradeAndReboot() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      UpgradeResult r = c.upgrade(w, NEXT, RebootMode.DEFAULT);
      assertThat(r.lifecycleFlow()).isTrue();
      assertThat(r.detail()).contains("complete");
      assertThat(c.version(w).tag()).isEqualTo("v1.13.9");
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.10");
      assertThat(sim.fleet.record().events()).extracting(SimRecord.Event::type)
          .containsSubsequence(SimRecord.Type.UPGRADE, SimRecord.Type.REBOOT, SimRecord.Type.DOWN, SimRecord.Type.UP);
    }
  }

  @Test
  void upgradesAnOlderNodeByTheLegacyCall() {
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.12.6"))) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      UpgradeResult r = c.upgrade(w, NEXT, RebootMode.DEFAULT);
      assertThat(r.lifecycleFlow()).isFalse();
      assertThat(r.detail()).isEqualTo("Upgrade request received");
      // the legacy sequence answers in stage upgrading (cordon, drain, install) before it kexecs
      assertThat(c.machineStatus(w).stage()).isEqualTo(MachineStage.UPGRADING);
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.10");
    }
  }

  @Test
  void aNodeThatComesBackOnItsOldVersionStillReportsIt() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      sim.fleet.node("worker-1").inject(Fault.of(Fault.Kind.OLD_VERSION));
      c.upgrade(w, NEXT, RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.9");
      assertThat(c.machineStatus(w).up()).isTrue();
    }
  }

  @Test
  void aFloatingTagComesBackAsTheReleaseItWasBuiltAs() {
    // Talos reports the version compiled into the installer it booted, not the tag it was given
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.13.0"))) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      c.upgrade(w, "ghcr.io/siderolabs/installer:v1.13", RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.9");
      assertThat(TalosVersions.runsImage(c.version(w).tag(), "ghcr.io/siderolabs/installer:v1.13")).isTrue();
    }
  }

  @Test
  void anImageNoRegistryHoldsIsRefusedAndNothingChanges() {
    // ImagePull maps a containerd not-found to NotFound "error pulling image: ..." (v1alpha1_images.go)
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      assertThatThrownBy(() -> c.upgrade(w, "registry.example/installer:v1.13.10", RebootMode.DEFAULT))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.NOT_FOUND))
          .hasMessageContaining("error pulling image");
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.9");
      assertThat(sim.fleet.record().events()).extracting(SimRecord.Event::type)
          .doesNotContain(SimRecord.Type.UPGRADE, SimRecord.Type.REBOOT);
    }
  }

  @Test
  void theLegacyCallRefusesAnUnknownImageBeforeRebooting() {
    // legacy Upgrade: PullAndValidateInstallerImage first, "error validating installer image %q: %w"
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true).talosVersion("v1.12.6"))) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      assertThatThrownBy(() -> c.upgrade(w, "ghcr.io/siderolabs/installer:v1.99.0", RebootMode.DEFAULT))
          .isInstanceOf(TalosException.class)
          .hasMessageContaining("error validating installer image \"ghcr.io/siderolabs/installer:v1.99.0\"");
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.12.6");
    }
  }

  @Test
  void aFleetCanHoldImagesOfItsOwnRegistry() {
    String mirror = "registry.lab/installer:v1.13.0";
    try (SimHarness sim = new SimHarness(FleetSpec.of(2, 1).preconfigured(true)
        .images(SimImages.defaults().with(mirror, "v1.13.0")))) {
      TalosClient c = sim.client("os:admin");
      NodeTarget w = sim.direct("worker-1");
      c.upgrade(w, mirror, RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(c.version(w).tag()).isEqualTo("v1.13.0");
    }
  }

  @Test
  void upgradeNeedsAdmin() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      TalosClient op = sim.client("os:operator");
      assertThatThrownBy(() -> op.upgrade(sim.direct("worker-1"), NEXT, RebootMode.DEFAULT))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED))
          .hasMessageContaining("machine.LifecycleService/Upgrade");
    }
  }

  @Test
  void bootstrapWorksOnceOnOneControlPlaneAndTheOthersJoin() {
    try (SimHarness sim = SimHarness.maintenance(4, 3)) {
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      TalosClient insecure = sim.insecureClient();
      for (String n : List.of("cp-1", "cp-2", "cp-3", "worker-1")) {
        insecure.applyConfiguration(sim.maintenance(n), SimConfigs.node("lab", n, n.startsWith("cp"), ca,
            "https://10.0.0.1:6443", "ghcr.io/siderolabs/installer:v1.13.9"), ApplyMode.AUTO, false, null);
      }
      sim.rebootAndBoot();
      SimPki.KeyedCert admin = SimPki.client(ca, List.of("os:admin"));
      TalosClient c = sim.track(new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), admin.key(),
          List.of(admin.cert())), SimHarness.timeouts()));
      assertThat(c.machineStatus(sim.direct("cp-2")).stage()).isEqualTo(MachineStage.BOOTING);
      assertThat(c.machineStatus(sim.direct("worker-1")).ready()).isFalse();
      assertThatThrownBy(() -> c.bootstrap(sim.direct("worker-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PRECONDITION))
          .hasMessageContaining("bootstrap can only be performed on a control plane node");

      c.bootstrap(sim.direct("cp-1"));
      assertThatThrownBy(() -> c.bootstrap(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.ALREADY_EXISTS))
          .hasMessageContaining("etcd data directory is not empty");
      sim.advance(Duration.ofSeconds(1));
      assertThat(c.etcdMembers(sim.direct("cp-3"))).extracting(EtcdMember::hostname)
          .containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3");
      for (String n : List.of("cp-1", "cp-2", "cp-3", "worker-1")) {
        assertThat(c.machineStatus(sim.direct(n)).up()).as(n).isTrue();
      }
      assertThatThrownBy(() -> c.bootstrap(sim.direct("cp-2"))).hasMessageContaining("not empty");
      assertThat(sim.fleet.bootstrapCount("lab")).isEqualTo(1);
    }
  }

  @Test
  void etcdLosesItsLeaderWithoutAMajority() {
    try (SimHarness sim = SimHarness.maintenance(3, 3)) {
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      TalosClient insecure = sim.insecureClient();
      for (String n : List.of("cp-1", "cp-2", "cp-3")) {
        insecure.applyConfiguration(sim.maintenance(n), SimConfigs.node("lab", n, true, ca,
            "https://10.0.0.1:6443", "img:v1.13.9"), ApplyMode.AUTO, false, null);
      }
      sim.rebootAndBoot();
      SimPki.KeyedCert admin = SimPki.client(ca, List.of("os:admin"));
      TalosClient c = sim.track(new GrpcTalosClient(TalosChannels.forIdentity(List.of(ca.cert()), admin.key(),
          List.of(admin.cert())), SimHarness.timeouts()));
      c.bootstrap(sim.direct("cp-1"));
      sim.advance(Duration.ofSeconds(1));
      assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isTrue();
      sim.fleet.node("cp-2").inject(Fault.of(Fault.Kind.NEVER_RETURN));
      sim.fleet.node("cp-3").inject(Fault.of(Fault.Kind.NEVER_RETURN));
      c.reboot(sim.direct("cp-2"), RebootMode.DEFAULT);
      c.reboot(sim.direct("cp-3"), RebootMode.DEFAULT);
      sim.rebootAndBoot();
      assertThat(c.etcdStatus(sim.direct("cp-1")).healthy()).isFalse();
      assertThatThrownBy(() -> c.etcdMembers(sim.direct("cp-1"))).hasMessageContaining("no leader");
    }
  }
}
