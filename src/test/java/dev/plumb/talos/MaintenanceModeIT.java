package dev.plumb.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.sim.SimConfigs;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimPki;
import dev.plumb.sim.SimRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node without config serves the insecure maintenance API, then switches to mutual TLS. */
class MaintenanceModeIT {
  /**
   * internal/app/maintenance/server.go: Version answers admins only (over SideroLink); an insecure
   * caller gets Unimplemented, and plumb's client reads the version from the Versions resource.
   */
  @Test
  void maintenanceModeRefusesVersionToInsecureCallersAndPlumbReadsTheVersionsResource() {
    try (SimHarness sim = SimHarness.maintenance(1, 1)) {
      TalosChannels channels = TalosChannels.insecureOnly();
      try {
        var stub = dev.plumb.talos.api.machine.MachineServiceGrpc.newBlockingStub(
            channels.channel(sim.maintenance("cp-1"))).withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThatThrownBy(() -> stub.version(com.google.protobuf.Empty.getDefaultInstance()))
            .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription()).isEqualTo("API is not implemented in maintenance mode");
            });
      } finally {
        channels.close();
      }
      NodeVersion v = sim.insecureClient().version(sim.maintenance("cp-1"));
      assertThat(v.tag()).isEqualTo("v1.13.9");
      assertThat(v.maintenance()).isTrue();
    }
  }

  @Test
  void aNewNodeTakesItsFirstConfigInsecurelyThenServesMutualTlsFromThatConfigsCa() {
    try (SimHarness sim = SimHarness.maintenance(2, 1)) {
      TalosClient insecure = sim.insecureClient();
      NodeVersion v = insecure.version(sim.maintenance("cp-1"));
      assertThat(v.maintenance()).isTrue();
      assertThat(insecure.machineStatus(sim.maintenance("cp-1")).stage()).isEqualTo(MachineStage.MAINTENANCE);

      // the config's secrets are not readable without a client certificate
      assertThatThrownBy(() -> insecure.machineConfig(sim.maintenance("cp-1")))
          .isInstanceOfSatisfying(TalosException.class,
              e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.PERMISSION_DENIED));

      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      SimPki.KeyedCert admin = SimPki.client(ca, List.of("os:admin"));
      TalosClient secure = sim.track(new GrpcTalosClient(
          TalosChannels.forIdentity(List.of(ca.cert()), admin.key(), List.of(admin.cert())), SimHarness.timeouts()));
      assertThatThrownBy(() -> secure.version(sim.direct("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.MAINTENANCE))
          .hasMessageContaining("maintenance mode");

      byte[] cfg = SimConfigs.node("lab", "cp-1", true, ca, "https://10.0.0.1:6443", "ghcr.io/siderolabs/installer:v1.13.9");
      ApplyResult r = insecure.applyConfiguration(sim.maintenance("cp-1"), cfg, ApplyMode.AUTO, false, null);
      // internal/app/maintenance/server.go answers without a mode (REBOOT, the proto default) or details
      assertThat(r.mode()).isEqualTo(ApplyMode.REBOOT);
      assertThat(r.details()).isEmpty();

      sim.rebootAndBoot();
      assertThat(sim.fleet.record().events(SimRecord.Type.DOWN)).extracting(SimRecord.Event::node).containsExactly("cp-1");

      assertThatThrownBy(() -> insecure.version(sim.maintenance("cp-1")))
          .isInstanceOfSatisfying(TalosException.class, e -> assertThat(e.kind()).isEqualTo(TalosException.Kind.TLS))
          .hasMessageContaining("requires a client certificate");
      assertThat(secure.version(sim.direct("cp-1")).maintenance()).isFalse();
      assertThat(secure.machineConfig(sim.direct("cp-1"))).isEqualTo(cfg);
      assertThat(new String(cfg, StandardCharsets.UTF_8)).contains("clusterName: lab");
      // before etcd is bootstrapped a control plane waits in booting
      assertThat(secure.machineStatus(sim.direct("cp-1")).stage()).isEqualTo(MachineStage.BOOTING);
    }
  }

  @Test
  void maintenanceModeIgnoresNodeRoutingAndAnswersAsTheMaintenanceServer() {
    try (SimHarness sim = SimHarness.maintenance(2, 1)) {
      TalosClient insecure = sim.insecureClient();
      NodeTarget routed = new NodeTarget(sim.endpoint("cp-1"), sim.fleet.node("worker-1").address(), true);
      assertThat(insecure.hostname(routed)).isEqualTo(insecure.hostname(sim.maintenance("cp-1")));
      SimPki.KeyedCert ca = SimPki.ca("talos", Duration.ofDays(10));
      byte[] cfg = SimConfigs.node("lab", "w", false, ca, "https://10.0.0.1:6443", "img:v1.13.9");
      ApplyResult dry = insecure.applyConfiguration(sim.maintenance("worker-1"), cfg, ApplyMode.REBOOT, true, null);
      // internal/app/maintenance/server.go: a dry run only says that there is no config yet
      assertThat(dry.mode()).isEqualTo(ApplyMode.REBOOT);
      assertThat(dry.details()).isEqualTo("Dry run summary:\nNode is running in maintenance mode and does not have"
          + " a config yet.");
      assertThat(sim.fleet.node("worker-1").maintenance()).isTrue();
      // only AUTO, REBOOT and TRY are accepted there; the mode check comes before the config is read
      for (ApplyMode refused : List.of(ApplyMode.NO_REBOOT, ApplyMode.STAGED)) {
        String flag = refused == ApplyMode.STAGED ? "staged" : "no-reboot";
        assertThatThrownBy(() -> insecure.applyConfiguration(sim.maintenance("worker-1"), cfg, refused, false, null))
            .isInstanceOf(TalosException.class)
            .hasMessageContaining("apply configuration --mode='" + flag + "' is not supported in maintenance mode");
      }
      assertThat(sim.fleet.node("worker-1").maintenance()).isTrue();
      assertThat(sim.fleet.node("worker-1").persistentConfig()).isEmpty();
      assertThatThrownBy(() -> insecure.applyConfiguration(sim.maintenance("worker-1"),
          "machine: [".getBytes(StandardCharsets.UTF_8), ApplyMode.AUTO, false, null))
          // internal/app/maintenance/server.go returns the loader's error unwrapped: gRPC code Unknown
          .isInstanceOf(TalosException.class).hasMessageContaining("UNKNOWN failed to parse config: decode error: yaml:");
    }
  }
}
