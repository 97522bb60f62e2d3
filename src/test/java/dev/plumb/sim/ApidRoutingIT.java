package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.api.common.Data;
import dev.plumb.talos.api.cosi.GetRequest;
import dev.plumb.talos.api.cosi.StateGrpc;
import dev.plumb.talos.api.machine.MachineServiceGrpc;
import dev.plumb.talos.api.machine.Version;
import dev.plumb.talos.api.machine.VersionResponse;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator's apid routing on the raw wire: one-to-many merging and its refusals. */
class ApidRoutingIT {
  static SimHarness sim;
  static TalosChannels channels;

  @BeforeAll
  static void start() {
    sim = SimHarness.preconfigured(3, 1);
    channels = TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin")));
  }

  @AfterAll
  static void stop() {
    channels.close();
    sim.close();
  }

  private static Metadata headers(String key, String... values) {
    Metadata md = new Metadata();
    for (String v : values) {
      md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), v);
    }
    return md;
  }

  private static MachineServiceGrpc.MachineServiceBlockingStub machine(Metadata md) {
    return MachineServiceGrpc.newBlockingStub(channels.channel(sim.direct("cp-1")))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  @Test
  void nodesFanOutMergesOneElementPerNodeWithInBandErrors() {
    sim.fleet.node("worker-2").inject(Fault.of(Fault.Kind.REFUSE));
    try {
      String w1 = sim.fleet.node("worker-1").address();
      String w2 = sim.fleet.node("worker-2").address();
      VersionResponse r = machine(headers("nodes", w1, w2)).version(Empty.getDefaultInstance());
      assertThat(r.getMessagesList()).hasSize(2);
      Version ok = r.getMessages(0);
      assertThat(ok.getMetadata().getHostname()).isEqualTo(w1);
      assertThat(ok.getVersion().getTag()).isEqualTo("v1.13.9");
      Version failed = r.getMessages(1);
      assertThat(failed.getMetadata().getHostname()).isEqualTo(w2);
      assertThat(failed.getMetadata().getError()).contains("connection refused");
      assertThat(failed.getMetadata().getStatus().getCode()).isEqualTo(14);
      assertThat(failed.hasVersion()).isFalse();
    } finally {
      sim.fleet.node("worker-2").clear(Fault.Kind.REFUSE);
    }
  }

  @Test
  void singleNodeAnswersPassThroughWithoutMetadata() {
    VersionResponse r = machine(headers("node", sim.fleet.node("worker-1").address()))
        .version(Empty.getDefaultInstance());
    assertThat(r.getMessagesList()).hasSize(1);
    assertThat(r.getMessages(0).hasMetadata()).isFalse();
  }

  @Test
  void refusesWhatApidRefuses() {
    String w1 = sim.fleet.node("worker-1").address();
    assertThatThrownBy(() -> machine(headers("node", w1 + ":50000")).version(Empty.getDefaultInstance()))
        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("invalid target");
    assertThatThrownBy(() -> machine(headers("node", w1, w1)).version(Empty.getDefaultInstance()))
        .hasMessageContaining("node metadata must be single-valued");
    assertThatThrownBy(() -> StateGrpc.newBlockingStub(channels.channel(sim.direct("cp-1")))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers("nodes", w1)))
        .get(GetRequest.newBuilder().setNamespace("runtime").setType("MachineStatuses.runtime.talos.dev")
            .setId("machine").build()))
        .hasMessageContaining("one-2-many proxying is not supported for COSI methods");
  }

  @Test
  void cosiRefusesUnknownTypesAndWrongNamespacesAndMissingIds() {
    var state = StateGrpc.newBlockingStub(channels.channel(sim.direct("cp-1")));
    assertThatThrownBy(() -> state.get(GetRequest.newBuilder().setNamespace("runtime").setType("Nope.talos.dev")
        .setId("x").build())).hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("not supported");
    assertThatThrownBy(() -> state.get(GetRequest.newBuilder().setNamespace("default")
        .setType("MachineStatuses.runtime.talos.dev").setId("machine").build()))
        .hasMessageContaining("namespace \"default\" is not supported");
    assertThatThrownBy(() -> state.get(GetRequest.newBuilder().setNamespace("runtime")
        .setType("Services.v1alpha1.talos.dev").setId("nope").build())).hasMessageContaining("NOT_FOUND");
    var cfg = state.get(GetRequest.newBuilder().setNamespace("config").setType("MachineConfigs.config.talos.dev")
        .setId("v1alpha1").build()).getResource();
    assertThat(cfg.getMetadata().getAnnotationsMap()).containsEntry("talos.dev/yaml-spec", "1");
    assertThat(cfg.getSpec().getYamlSpec()).startsWith("|\n    version: v1alpha1");
  }

  private static MachineServiceGrpc.MachineServiceBlockingStub via(String endpointNode, Metadata md) {
    return MachineServiceGrpc.newBlockingStub(channels.channel(sim.direct(endpointNode)))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
  }

  @Test
  void aWorkerServesItselfButForwardsNothing() {
    String w1 = sim.fleet.node("worker-1").address();
    String w2 = sim.fleet.node("worker-2").address();
    // director.go: without a client certificate apid has no remote backends
    assertThat(via("worker-1", headers("node", w1)).version(Empty.getDefaultInstance()).getMessages(0).hasMetadata())
        .isFalse();
    assertThat(via("worker-1", headers("node", "worker-1")).version(Empty.getDefaultInstance()).getMessagesCount())
        .isEqualTo(1);
    VersionResponse self = via("worker-1", headers("nodes", w1)).version(Empty.getDefaultInstance());
    assertThat(self.getMessagesList()).hasSize(1);
    assertThat(self.getMessages(0).hasMetadata()).isFalse(); // a single local target is not one-to-many
    for (Metadata md : List.of(headers("node", w2), headers("nodes", w1, w2))) {
      assertThatThrownBy(() -> via("worker-1", md).version(Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).isEqualTo("no request forwarding");
          });
    }
  }

  @Test
  void aControlPlaneFansOutStreamingMachineServiceCallsToo() {
    String cp = sim.fleet.node("cp-1").address();
    String w1 = sim.fleet.node("worker-1").address();
    List<Data> parts = new java.util.ArrayList<>();
    via("cp-1", headers("nodes", cp, w1)).kubeconfig(Empty.getDefaultInstance()).forEachRemaining(parts::add);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).getMetadata().getHostname()).isEqualTo(cp);
    assertThat(parts.get(0).getBytes().isEmpty()).isFalse();
    assertThat(parts.get(1).getMetadata().getHostname()).isEqualTo(w1);
    assertThat(parts.get(1).getMetadata().getError())
        .isEqualTo("rpc error: code = Unimplemented desc = kubeconfig is only available on control plane nodes");
    assertThat(parts.get(1).getBytes().isEmpty()).isTrue();
  }

  @Test
  void aFailingBackendIsInBandOnlyInOneToManyCalls() {
    String w1 = sim.fleet.node("worker-1").address();
    sim.fleet.node("worker-1").inject(Fault.of(Fault.Kind.IN_BAND_ERROR));
    try {
      assertThatThrownBy(() -> via("cp-1", headers("node", w1)).version(Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNKNOWN);
            assertThat(e.getStatus().getDescription()).isEqualTo("simulated failure on node worker-1");
          });
      VersionResponse many = via("cp-1", headers("nodes", w1)).version(Empty.getDefaultInstance());
      assertThat(many.getMessages(0).getMetadata().getError())
          .isEqualTo("rpc error: code = Unknown desc = simulated failure on node worker-1");
    } finally {
      sim.fleet.node("worker-1").clear(Fault.Kind.IN_BAND_ERROR);
    }
  }

  @Test
  void unusedTargetKeepsEndpointUnchanged() {
    assertThat(NodeTarget.via(sim.endpoint("cp-1"), " ").node()).isNull();
  }
}
