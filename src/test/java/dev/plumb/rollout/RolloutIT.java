package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.Observer;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.sim.Fault;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimRecord;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout runner against the simulated fleet over real gRPC with mutual TLS, on simulated time:
 * each wait of the runner advances the simulator's clock.
 */
class RolloutIT {
  SimHarness sim;
  ExecutorService pool;
  Instant checkpoint;

  @BeforeEach
  void start() {
    sim = SimHarness.maintenance(6, 3);
    pool = Executors.newFixedThreadPool(6);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sim.close();
  }

  private RolloutOutcome converge(ClusterDesired desired) throws InterruptedException {
    return converge(desired, Duration.ofMinutes(5));
  }

  private RolloutOutcome converge(ClusterDesired desired, Duration settle) throws InterruptedException {
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal();
    var secure = sim.track(new GrpcTalosClient(TalosChannels.forContext(
        TalosConfig.parse(Path.of("tc"), tc).context(Optional.empty())), SimHarness.timeouts()));
    var insecure = sim.insecureClient();
    Observer observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now());
    RolloutRunner runner = new RolloutRunner(observer, new Planner(new RebootPredictor()),
        new Actuator(secure, insecure, observer), new RolloutListener() {}, () -> sim.clock.now(),
        d -> sim.clock.advance(d), Duration.ofMillis(250));
    return runner.converge(desired, settle, () -> false);
  }

  private ClusterDesired desired(Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.putIfAbsent("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 2\n  maxUnavailable: 2\n"
        + "  gateTimeout: 30s\n");
    return DemoDesired.render(overrides);
  }

  private List<SimRecord.Event> since(Instant t, SimRecord.Type type) {
    return sim.fleet.record().events(type).stream().filter(e -> !e.at().isBefore(t)).toList();
  }

  @Test
  void provisionsANewClusterBootstrapsEtcdOnceAndConverges() throws Exception {
    RolloutOutcome o = converge(desired(Map.of()));
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(sim.fleet.bootstrapCount("demo")).isEqualTo(1);
    assertThat(sim.fleet.nodes()).allMatch(n -> !n.maintenance() && n.ready());
    assertThat(sim.fleet.record().events(SimRecord.Type.APPLY)).hasSize(6);
    RolloutOutcome again = converge(desired(Map.of()));
    assertThat(again.kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(sim.fleet.record().events(SimRecord.Type.APPLY)).as("a second run changes nothing").hasSize(6);
  }

  @Test
  void aChangeThatNeedsRebootsGoesOneControlPlaneAtATimeAndWorkersInBatches() throws Exception {
    converge(desired(Map.of()));
    Instant t = sim.clock.now();
    RolloutOutcome o = converge(desired(DemoDesired.rebootChange()));
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    List<String> order = since(t, SimRecord.Type.APPLY).stream().map(SimRecord.Event::node).toList();
    assertThat(order.subList(0, 3)).containsExactly("cp-1", "cp-2", "cp-3");
    assertThat(order.subList(3, 5)).containsExactlyInAnyOrder("worker-1", "worker-2"); // one batch, sent together
    assertThat(order.get(5)).isEqualTo("worker-3");
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::detail).containsOnly("REBOOT");
    // never two control planes down together; at most the batch of two workers
    assertThat(since(t, SimRecord.Type.DOWN)).hasSize(6);
    java.util.Set<String> down = new java.util.HashSet<>();
    int maxDown = 0;
    for (SimRecord.Event e : sim.fleet.record().events()) {
      if (e.at().isBefore(t)) {
        continue;
      }
      if (e.type() == SimRecord.Type.DOWN) {
        down.add(e.node());
        maxDown = Math.max(maxDown, down.size());
        assertThat(down.stream().filter(n -> n.startsWith("cp")).count()).isLessThanOrEqualTo(1);
      } else if (e.type() == SimRecord.Type.UP) {
        down.remove(e.node());
      }
    }
    assertThat(maxDown).isEqualTo(2);
  }

  @Test
  void aFailedGateHaltsAndTouchesNoFurtherNode() throws Exception {
    converge(desired(Map.of()));
    sim.fleet.node("cp-2").inject(Fault.unhealthy("kubelet"));
    Instant t = sim.clock.now();
    RolloutOutcome o = converge(desired(DemoDesired.rebootChange()));
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.node()).isEqualTo("cp-2");
    assertThat(o.gate()).isEqualTo(Gate.MACHINE_READY);
    assertThat(o.why()).contains("timed out after 30s").contains("kubelet");
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::node).containsExactly("cp-1", "cp-2");
  }

  @Test
  void withRollbackAFailedNodeGetsItsPreviousConfigBack() throws Exception {
    converge(desired(Map.of()));
    ClusterDesired before = desired(Map.of());
    sim.fleet.node("worker-1").inject(Fault.unhealthy("kubelet"));
    Map<String, String> change = new HashMap<>(DemoDesired.rebootChange());
    change.put("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 2\n  gateTimeout: 30s\n  onFailure: rollback\n"
        + "  waves:\n    - [worker-1]\n    - [cp-3]\n");
    RolloutOutcome o = converge(desired(change));
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.wave()).isEqualTo("workers worker-1");
    assertThat(o.why()).endsWith("; rolled back worker-1 to the previous config");
    String want = before.nodes().stream().filter(n -> n.hostname().equals("worker-1")).findFirst().orElseThrow().sha256();
    assertThat(dev.plumb.render.CanonicalYaml.canonicalSha(sim.fleet.node("worker-1").stateConfig().orElseThrow().raw()))
        .isEqualTo(want);
    assertThat(sim.fleet.record().events(SimRecord.Type.APPLY).stream().map(SimRecord.Event::node)
        .filter(n -> n.startsWith("cp")).count()).as("no control plane touched after the explicit first wave").isEqualTo(3);
  }

  @Test
  void aWipedNodeIsProvisionedAgainOnlyWhenItIsTheDeclaredMachine() throws Exception {
    String uuid = sim.fleet.node("worker-2").hardwareUuid();
    ClusterDesired d = desired(Map.of("clusters/demo/plumb.yaml",
        "provision: true\nreprovision: true\nrollout:\n  workerBatchSize: 2\n  maxUnavailable: 2\n  gateTimeout: 30s\nidentities:\n  worker-2:\n    uuid: " + uuid + "\n"));
    assertThat(converge(d).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);

    sim.fleet.node("worker-2").replaceHardware("00000000-0000-4000-8000-000000000001");
    Instant t = sim.clock.now();
    RolloutOutcome refused = converge(d, Duration.ofSeconds(10));
    assertThat(refused.kind()).isEqualTo(RolloutOutcome.Kind.TIMED_OUT);
    assertThat(refused.why()).contains("worker-2 at " + sim.fleet.node("worker-2").address()
        + " is in maintenance mode but is not the declared machine (hardware uuid 00000000-0000-4000-8000-000000000001");
    assertThat(since(t, SimRecord.Type.APPLY)).isEmpty();

    sim.fleet.node("worker-2").replaceHardware(uuid);
    RolloutOutcome back = converge(d);
    assertThat(back.kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::node).containsExactly("worker-2");
  }

  @Test
  void aNodeBackOnItsOldVersionHalts() throws Exception {
    converge(desired(Map.of()));
    sim.fleet.node("cp-1").inject(Fault.of(Fault.Kind.OLD_VERSION));
    Instant t = sim.clock.now();
    String talconfig = java.nio.file.Files.readString(Path.of("clusters/demo/talconfig.yaml"))
        .replace("talosVersion: v1.13.9", "talosVersion: v1.13.10");
    RolloutOutcome o = converge(desired(Map.of("clusters/demo/talconfig.yaml", talconfig)));
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.gate()).isEqualTo(Gate.TALOS_VERSION);
    assertThat(o.why()).isEqualTo("came back on Talos v1.13.9, expected v1.13.10");
    assertThat(since(t, SimRecord.Type.UPGRADE)).extracting(SimRecord.Event::node).containsExactly("cp-1");
  }
}
