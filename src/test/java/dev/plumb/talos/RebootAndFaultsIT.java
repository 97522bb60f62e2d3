package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.sim.Fault;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reboots and every injected fault, as the client sees them. */
class RebootAndFaultsIT {
  SimHarness sim;
  TalosClient c;
  NodeTarget w1;

  @BeforeEach
  void start() {
    sim = SimHarness.preconfigured(3, 1);
    c = sim.client("os:admin");
    w1 = sim.direct("worker-1");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private TalosException.Kind kindOf(Runnable call) {
    try {
      call.run();
    } catch (TalosException e) {
      return e.kind();
    }
    return null;
  }

  @Test
  void aRebootTakesTheNodeAwayAndBringsItBackThroughItsStages() {
    c.reboot(w1, RebootMode.DEFAULT);
    assertThat(c.machineStatus(w1).stage()).isEqualTo(MachineStage.REBOOTING);
    sim.clock.runDue();
    assertThat(kindOf(() -> c.version(w1))).isEqualTo(TalosException.Kind.UNREACHABLE);
    sim.advance(SimHarness.TIMING.reboot());
    MachineStatus booting = c.machineStatus(w1);
    assertThat(booting.stage()).isEqualTo(MachineStage.BOOTING);
    assertThat(booting.ready()).isFalse();
    assertThat(booting.unmetConditions()).anyMatch(u -> u.startsWith("services:"));
    sim.advance(SimHarness.TIMING.serviceStep().multipliedBy(3));
    List<ServiceStatus> partial = c.services(w1);
    assertThat(partial.stream().filter(ServiceStatus::runningAndHealthy).count()).isEqualTo(3);
    sim.advance(SimHarness.TIMING.serviceStep().multipliedBy(5));
    MachineStatus up = c.machineStatus(w1);
    assertThat(up.up()).isTrue();
    assertThat(up.unmetConditions()).isEmpty();
    assertThat(sim.fleet.record().events()).extracting(SimRecord.Event::type)
        .containsSubsequence(SimRecord.Type.REBOOT, SimRecord.Type.DOWN, SimRecord.Type.UP);
    assertThat(sim.fleet.record().maxDownAtOnce()).isEqualTo(1);
  }

  @Test
  void recordsHowManyNodesWereDownAtOnce() {
    c.reboot(w1, RebootMode.DEFAULT);
    c.reboot(sim.direct("worker-2"), RebootMode.DEFAULT);
    sim.rebootAndBoot();
    assertThat(sim.fleet.record().maxDownAtOnce()).isEqualTo(2);
    assertThat(sim.fleet.record().downNow()).isEmpty();
  }

  @Test
  void refusedConnectionsAreUnreachableUntilCleared() {
    sim.fleet.node("worker-1").inject(Fault.of(Fault.Kind.REFUSE));
    assertThatThrownBy(() -> c.version(w1)).isInstanceOf(NodeUnreachableException.class)
        .hasMessageContaining("connection refused");
    sim.fleet.node("worker-1").clear(Fault.Kind.REFUSE);
    assertThat(c.version(w1).tag()).isEqualTo("v1.13.9");
  }

  @Test
  void slowAndHangingNodesTimeOut() {
    try (var quick = sim.track(new GrpcTalosClient(dev.plumb.talos.TalosChannels.forContext(
        sim.fleet.clientContext(List.of("os:admin"))), new GrpcTalosClient.Timeouts(Duration.ofMillis(300),
        Duration.ofMillis(300))))) {
      sim.fleet.node("worker-1").inject(Fault.slow(Duration.ofSeconds(5)));
      assertThat(kindOf(() -> quick.version(w1))).isEqualTo(TalosException.Kind.TIMEOUT);
      sim.fleet.node("worker-1").clear(Fault.Kind.SLOW);
      sim.fleet.node("worker-2").inject(Fault.of(Fault.Kind.HANG));
      assertThatThrownBy(() -> quick.services(sim.direct("worker-2")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TIMEOUT))
          .hasMessageContaining("no answer before the deadline");
      assertThat(quick.version(w1).tag()).isEqualTo("v1.13.9");
    }
  }

  @Test
  void aSlowAnswerArrivesWhenSimulatedTimeCatchesUp() throws Exception {
    sim.fleet.node("worker-1").inject(Fault.slow(Duration.ofSeconds(5)));
    int before = sim.clock.pending();
    var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> c.hostname(w1));
    long give = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (sim.clock.pending() == before && System.nanoTime() < give) {
      Thread.onSpinWait(); // the answer is parked on simulated time once the call reaches the node
    }
    assertThat(sim.clock.pending()).isGreaterThan(before);
    assertThat(pending).isNotDone();
    sim.advance(Duration.ofSeconds(5));
    assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("worker-1");
  }

  @Test
  void aNodeThatNeverReturnsStaysUnreachable() {
    sim.fleet.node("worker-1").inject(Fault.of(Fault.Kind.NEVER_RETURN));
    c.reboot(w1, RebootMode.DEFAULT);
    sim.rebootAndBoot();
    sim.advance(Duration.ofMinutes(10));
    assertThat(kindOf(() -> c.version(w1))).isEqualTo(TalosException.Kind.UNREACHABLE);
    assertThat(sim.fleet.record().downNow()).containsExactly("worker-1");
  }

  @Test
  void aNodeThatComesBackUnhealthyNeverBecomesReady() {
    sim.fleet.node("worker-1").inject(Fault.unhealthy("kubelet"));
    c.reboot(w1, RebootMode.DEFAULT);
    sim.rebootAndBoot();
    MachineStatus st = c.machineStatus(w1);
    assertThat(st.stage()).isEqualTo(MachineStage.RUNNING);
    assertThat(st.ready()).isFalse();
    // talos machine_status.go servicesCheck: a Failed service is "not running"
    assertThat(st.unmetConditions()).containsExactly("services: kubelet not running");
    assertThat(c.services(w1)).filteredOn(s -> s.id().equals("kubelet")).extracting(ServiceStatus::state)
        .containsExactly("Failed");
  }

  @Test
  void aFailingNodeIsAPlainErrorInOneToOneCalls() {
    // apid reports a backend's failure in-band only in one-to-many calls ("nodes"); plumb's calls
    // are one-to-one, directly or through an endpoint with "node", and get the plain gRPC error
    sim.fleet.node("worker-1").inject(Fault.of(Fault.Kind.IN_BAND_ERROR));
    for (NodeTarget t : List.of(w1, sim.via("cp-1", "worker-1"))) {
      assertThatThrownBy(() -> c.version(t))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.OTHER))
          .hasMessageContaining("simulated failure on node worker-1").hasMessageNotContaining("reported by the endpoint");
    }
  }

  @Test
  void aFlappingNodeAlternatesBetweenUpAndDown() {
    sim.fleet.node("worker-1").inject(Fault.flap(Duration.ofSeconds(10)));
    assertThat(c.version(w1).tag()).isEqualTo("v1.13.9");
    sim.advance(Duration.ofSeconds(10));
    assertThat(kindOf(() -> c.version(w1))).isEqualTo(TalosException.Kind.UNREACHABLE);
    sim.advance(Duration.ofSeconds(10));
    assertThat(c.version(w1).tag()).isEqualTo("v1.13.9");
    sim.advance(Duration.ofSeconds(10));
    assertThat(kindOf(() -> c.version(w1))).isEqualTo(TalosException.Kind.UNREACHABLE);
    sim.fleet.node("worker-1").clear(Fault.Kind.FLAP);
    assertThat(sim.fleet.record().events(SimRecord.Type.DOWN)).hasSize(2);
  }

  @Test
  void aDownNodeReachedThroughAnEndpointIsUnreachable() {
    sim.fleet.node("worker-2").inject(Fault.of(Fault.Kind.REFUSE));
    assertThatThrownBy(() -> c.version(sim.via("cp-1", "worker-2")))
        .isInstanceOf(NodeUnreachableException.class);
    assertThat(c.version(sim.via("cp-1", "worker-1")).tag()).isEqualTo("v1.13.9");
  }
}
