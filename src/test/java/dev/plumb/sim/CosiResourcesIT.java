package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.RebootMode;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.api.cosi.Event;
import dev.plumb.talos.api.cosi.EventType;
import dev.plumb.talos.api.cosi.GetRequest;
import dev.plumb.talos.api.cosi.ListRequest;
import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.cosi.StateGrpc;
import dev.plumb.talos.api.cosi.WatchOptions;
import dev.plumb.talos.api.cosi.WatchRequest;
import dev.plumb.talos.api.cosi.WatchResponse;
import dev.plumb.talos.api.resource.definitions.hardware.SystemInformationSpec;
import dev.plumb.talos.api.resource.definitions.k8s.NodenameSpec;
import dev.plumb.talos.api.resource.definitions.runtime.MachineStatusSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** COSI resources of a simulated node on the raw wire: contents, counted versions, Watch (talos-api.md §3.6). */
class CosiResourcesIT {
  private static final String MS = "MachineStatuses.runtime.talos.dev";
  SimHarness sim;
  TalosChannels channels;
  GrpcTalosClient client;

  @BeforeEach
  void start() {
    sim = SimHarness.preconfigured(2, 1);
    channels = TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin")));
    client = sim.client("os:admin");
  }

  @AfterEach
  void stop() {
    channels.close();
    sim.close();
  }

  private StateGrpc.StateBlockingStub state(String node) {
    return StateGrpc.newBlockingStub(channels.channel(sim.direct(node))).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private Resource get(String node, String ns, String type, String id) {
    return state(node).get(GetRequest.newBuilder().setNamespace(ns).setType(type).setId(id).build()).getResource();
  }

  @Test
  void nodenameAndSystemInformationHaveRealContents() throws Exception {
    Resource nn = get("worker-1", "k8s", "Nodenames.kubernetes.talos.dev", "nodename");
    String hostname = sim.fleet.node("worker-1").hostname();
    assertThat(NodenameSpec.parseFrom(nn.getSpec().getProtoSpec()).getNodename()).isEqualTo(hostname);
    assertThat(NodenameSpec.parseFrom(nn.getSpec().getProtoSpec()).getHostnameVersion()).isEqualTo("1");
    Resource si = get("worker-1", "hardware", "SystemInformations.hardware.talos.dev", "systeminformation");
    assertThat(SystemInformationSpec.parseFrom(si.getSpec().getProtoSpec()).getUuid())
        .isEqualTo(sim.fleet.node("worker-1").hardwareUuid());
    var exts = state("worker-1").list(ListRequest.newBuilder().setNamespace("runtime")
        .setType("ExtensionStatuses.runtime.talos.dev").build());
    assertThat(exts.hasNext()).isFalse(); // a plain ghcr.io installer carries no extensions
  }

  @Test
  void versionsCountChangesAndStayWhileNothingChanges() throws Exception {
    Resource a = get("worker-1", "runtime", MS, "machine");
    Resource b = get("worker-1", "runtime", MS, "machine");
    assertThat(b.getMetadata().getVersion()).isEqualTo(a.getMetadata().getVersion());
    client.reboot(sim.direct("worker-1"), RebootMode.DEFAULT);
    Resource c = get("worker-1", "runtime", MS, "machine");
    assertThat(Long.parseLong(c.getMetadata().getVersion())).isEqualTo(Long.parseLong(a.getMetadata().getVersion()) + 1);
    assertThat(c.getMetadata().getCreated()).isEqualTo(a.getMetadata().getCreated());
    assertThat(MachineStatusSpec.parseFrom(c.getSpec().getProtoSpec()).getStage().getNumber()).isEqualTo(5); // rebooting
  }

  @Test
  void watchBootstrapsThenStreamsUpdatesWithTheOldResource() throws Exception {
    Iterator<WatchResponse> it = state("worker-1").watch(WatchRequest.newBuilder().setNamespace("runtime").setType(MS)
        .setApiVersion(1).setOptions(WatchOptions.newBuilder().setBootstrapContents(true)).build());
    assertThat(it.next().getEventCount()).isZero(); // the empty "watch is set up" response
    List<Event> events = new ArrayList<>();
    events.addAll(it.next().getEventList());
    events.addAll(it.next().getEventList());
    assertThat(events).extracting(Event::getEventType).containsExactly(EventType.CREATED, EventType.BOOTSTRAPPED);
    client.reboot(sim.direct("worker-1"), RebootMode.DEFAULT);
    Event upd = it.next().getEvent(0);
    assertThat(upd.getEventType()).isEqualTo(EventType.UPDATED);
    assertThat(upd.getOld().getMetadata().getVersion()).isEqualTo(events.get(0).getResource().getMetadata().getVersion());
    assertThat(upd.getResource().getSpec().getYamlSpec()).startsWith("stage: rebooting");
  }

  @Test
  void watchingAMissingResourceStartsWithATombstone() {
    Iterator<WatchResponse> it = state("worker-1").watch(WatchRequest.newBuilder().setNamespace("etcd")
        .setType("EtcdMembers.etcd.talos.dev").setId("local").setApiVersion(1).build());
    assertThat(it.next().getEventCount()).isZero();
    Event first = it.next().getEvent(0);
    assertThat(first.getEventType()).isEqualTo(EventType.DESTROYED);
    assertThat(first.getResource().getMetadata().getId()).isEqualTo("local");
  }

  @Test
  void watchRefusesWhatTalosRefuses() {
    assertThatThrownBy(() -> state("worker-1").watch(WatchRequest.newBuilder().setNamespace("runtime").setType(MS)
        .setId("machine").setOptions(WatchOptions.newBuilder().setBootstrapContents(true)).build()).next())
        .hasMessageContaining("UNIMPLEMENTED");
    assertThatThrownBy(() -> state("worker-1").watch(WatchRequest.newBuilder().setNamespace("runtime")
        .setType("Nope.talos.dev").build()).next()).hasMessageContaining("PERMISSION_DENIED");
  }

  @Test
  void aClusterWithoutCniNeverBecomesReadyAndAFactoryInstallerShowsItsSchematic() {
    String schematic = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
    SimulatedNode w1 = sim.fleet.node("worker-1");
    String yaml = new String(w1.activeConfig().orElseThrow().raw(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("cluster:\n  clusterName:", "cluster:\n  network:\n    cni:\n      name: none\n  clusterName:")
        .replaceAll("image: ghcr.io/siderolabs/installer:(\\S+)", "image: factory.talos.dev/installer/" + schematic + ":$1");
    w1.install(MachineConfigView.parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    sim.rebootAndBoot();
    sim.advance(java.time.Duration.ofMinutes(5));
    var st = client.machineStatus(sim.direct("worker-1"));
    assertThat(st.stage()).isEqualTo(dev.plumb.talos.MachineStage.RUNNING);
    assertThat(st.ready()).isFalse(); // machine_status.go nodeReadyCheck: the Node stays NotReady without a CNI
    assertThat(st.unmetConditions()).containsExactly("nodeReady: node \"" + SimReadiness.nodename(w1).orElseThrow() + "\" is not ready");
    List<Resource> exts = new ArrayList<>();
    state("worker-1").list(ListRequest.newBuilder().setNamespace("runtime")
        .setType("ExtensionStatuses.runtime.talos.dev").build()).forEachRemaining(r -> exts.add(r.getResource()));
    assertThat(exts).extracting(r -> r.getSpec().getYamlSpec()).singleElement().asString()
        .contains("name: schematic").contains("version: " + schematic);
  }
}
