package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.ConfigComparer;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.plan.Wave;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.sim.Fault;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimRecord;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preflight, enforced modes, TRY, staged upgrades and the quorum re-check, against the simulated
 * fleet over real gRPC with mutual TLS on simulated time. The simulator decides apply modes by its
 * own model of Talos's rules, so a wrong prediction of plumb's shows.
 */
class RolloutGatesIT {
  SimHarness sim;
  ExecutorService pool;
  final List<String> events = new ArrayList<>();
  final List<Action> acted = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    sim = SimHarness.maintenance(6, 3);
    pool = Executors.newFixedThreadPool(6);
    assertThat(run(desired(Map.of()), p -> p, new RolloutListener() {}).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sim.close();
  }

  private RolloutOutcome run(ClusterDesired desired, UnaryOperator<Plan> planEdit, RolloutListener extra)
      throws InterruptedException {
    return run(desired, new RebootPredictor(), planEdit, extra);
  }

  private RolloutOutcome run(ClusterDesired desired, ConfigComparer comparer, UnaryOperator<Plan> planEdit,
      RolloutListener extra) throws InterruptedException {
    return run(desired, comparer, planEdit, extra, c -> c);
  }

  private RolloutOutcome run(ClusterDesired desired, ConfigComparer comparer, UnaryOperator<Plan> planEdit,
      RolloutListener extra, UnaryOperator<TalosClient> wrap) throws InterruptedException {
    events.clear();
    acted.clear();
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal();
    TalosClient secure = wrap.apply(sim.track(new GrpcTalosClient(TalosChannels.forContext(
        TalosConfig.parse(Path.of("tc"), tc).context(Optional.empty())), SimHarness.timeouts())));
    var insecure = sim.insecureClient();
    Observer observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now());
    Planner planner = new Planner(comparer);
    RolloutListener record = new RolloutListener() {
      @Override
      public void preflight(PreflightReport report) {
        events.add(report.toString());
        extra.preflight(report);
      }

      @Override
      public void acted(Action action, String result) {
        acted.add(action);
        events.add(action.node() + ": " + result);
        extra.acted(action, result);
      }

      @Override
      public void waiting(String why) {
        events.add("waiting: " + why);
        extra.waiting(why);
      }
    };
    RolloutRunner runner = new RolloutRunner(observer, (d, l, h) -> planEdit.apply(planner.plan(d, l, h)),
        new Actuator(secure, insecure, observer), record, () -> sim.clock.now(), d -> sim.clock.advance(d),
        Duration.ofMillis(250));
    return runner.converge(desired, Duration.ofMinutes(2), () -> false);
  }

  private static ClusterDesired desired(Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.putIfAbsent("clusters/demo/plumb.yaml",
        "provision: true\nrollout:\n  workerBatchSize: 3\n  gateTimeout: 30s\n  settle: 5s\n  tryTimeout: 20s\n");
    return DemoDesired.render(overrides);
  }

  private List<SimRecord.Event> since(Instant t, SimRecord.Type type) {
    return sim.fleet.record().events(type).stream().filter(e -> !e.at().isBefore(t)).toList();
  }

  /** Every APPLY_CONFIG and UPGRADE of the plan edited by {@code edit}. */
  private static UnaryOperator<Plan> each(UnaryOperator<Action> edit) {
    return p -> new Plan(p.cluster(), p.waves().stream().map(w -> new Wave(w.name(),
        w.actions().stream().map(edit).toList())).toList(), p.waitReason(), p.drift());
  }

  private static Map<String, String> networkChange() throws Exception {
    String all = Files.readString(Path.of("clusters/demo/patches/all.yaml"));
    return Map.of("clusters/demo/patches/all.yaml", all.replace("machine:\n",
        "machine:\n  network:\n    nameservers:\n      - 192.0.2.53\n"));
  }

  @Test
  void aConfigOneNodeRefusesInTheDryRunHaltsBeforeAnyNodeIsTouched() throws Exception {
    ClusterDesired good = desired(DemoDesired.rebootChange());
    List<NodeConfig> nodes = new ArrayList<>();
    for (NodeConfig n : good.nodes()) {
      if (n.hostname().equals("worker-3")) {
        byte[] bad = new String(n.config().reveal(), StandardCharsets.UTF_8)
            .replaceFirst("version: v1alpha1\n", "version: v1alpha1\nnotATalosField: true\n").getBytes(StandardCharsets.UTF_8);
        n = new NodeConfig(n.hostname(), n.addresses(), n.controlPlane(), n.fileName(), Sensitive.of(bad),
            CanonicalYaml.canonicalSha(bad), n.documentKinds(), n.installerImage(), n.talosVersion());
      }
      nodes.add(n);
    }
    ClusterDesired broken = new ClusterDesired(good.name(), good.talconfig(), good.talosVersion(),
        good.kubernetesVersion(), good.endpoint(), nodes, good.objects(), good.policy(), good.osCa());
    Instant t = sim.clock.now();
    RolloutOutcome o = run(broken, p -> p, new RolloutListener() {});
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.gate()).isEqualTo(Gate.PREFLIGHT);
    assertThat(o.node()).isEqualTo("worker-3");
    assertThat(o.why()).contains("worker-3: apply config refused: ").contains("notATalosField")
        .endsWith("; nothing was applied to any node");
    assertThat(since(t, SimRecord.Type.DRY_RUN)).as("every other node was dry-run too (a refused one records none)")
        .extracting(SimRecord.Event::node).containsExactlyInAnyOrder("cp-1", "cp-2", "cp-3", "worker-1", "worker-2");
    assertThat(since(t, SimRecord.Type.APPLY)).isEmpty();
  }

  @Test
  void aChangePredictedWithoutRebootThatTalosSaysNeedsOneIsReplannedAsAReboot() throws Exception {
    Instant t = sim.clock.now();
    ConfigComparer wrong = (desired, live) -> false;
    RolloutOutcome o = run(desired(DemoDesired.rebootChange()), wrong, p -> p, new RolloutListener() {});
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(events).anyMatch(e -> e.contains("cp-1: apply config accepted (reboot, predicted none: re-planned)"));
    assertThat(acted).hasSize(6).allMatch(Action::reboots)
        .allMatch(a -> a.detail().contains("predicted no reboot; Talos says it needs one"));
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::detail).containsOnly("REBOOT");
    List<String> order = since(t, SimRecord.Type.APPLY).stream().map(SimRecord.Event::node).toList();
    assertThat(order.subList(0, 3)).containsExactly("cp-1", "cp-2", "cp-3");
  }

  /**
   * A client whose dry runs miss the reboot (as when the node's config changed between the dry run
   * and the apply): the real dry run still validates, its answer says NO_REBOOT.
   */
  private static TalosClient dryRunsSayNoReboot(TalosClient real) {
    return (TalosClient) java.lang.reflect.Proxy.newProxyInstance(TalosClient.class.getClassLoader(),
        new Class<?>[] {TalosClient.class}, (proxy, m, args) -> {
          try {
            Object r = m.invoke(real, args);
            if (m.getName().equals("applyConfiguration") && (Boolean) args[3]) {
              return new ApplyResult(ApplyMode.NO_REBOOT, "", List.of());
            }
            return r;
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aWrongNoRebootPredictionIsRefusedByTalosInsteadOfRebootingAndReplanned() throws Exception {
    Instant t = sim.clock.now();
    ConfigComparer wrong = (desired, live) -> false;
    RolloutOutcome o = run(desired(DemoDesired.rebootChange()), wrong, p -> p, new RolloutListener() {},
        RolloutGatesIT::dryRunsSayNoReboot);
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(events).anyMatch(e -> e.startsWith("waiting: cp-1: Talos refused to apply the change with mode"
        + " no-reboot because it needs a reboot: machine.MachineService/ApplyConfiguration on 127.77.0.1")
        && e.endsWith(": config rejected: this config change can't be applied in immediate mode (diff not shown);"
        + " re-planned as a reboot"));
    assertThat(events).noneMatch(e -> e.contains("--- a") || e.contains("/var/etc/x"));
    assertThat(acted).hasSize(6).allMatch(Action::reboots);
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::detail).containsOnly("REBOOT").hasSize(6);
  }

  @Test
  void aNetworkChangeGoesOutInTryModeAndIsConfirmedOnceTheNodeAnswers() throws Exception {
    Instant t = sim.clock.now();
    RolloutOutcome o = run(desired(networkChange()),
        each(a -> a.kind() != Action.Kind.APPLY_CONFIG ? a : new Action(a.kind(), a.node(), a.controlPlane(),
            a.reboots(), a.detail(), false, true)), new RolloutListener() {});
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    List<SimRecord.Event> applies = since(t, SimRecord.Type.APPLY);
    assertThat(applies).hasSize(12);
    for (String node : List.of("cp-1", "worker-3")) {
      assertThat(applies.stream().filter(e -> e.node().equals(node)).map(SimRecord.Event::detail))
          .containsExactly("TRY", "NO_REBOOT");
    }
    assertThat(since(t, SimRecord.Type.TRY_REVERTED)).isEmpty();
    assertThat(since(t, SimRecord.Type.DOWN)).isEmpty();
    assertThat(events).anyMatch(e -> e.startsWith("worker-1: confirmed the tried config"));
  }

  @Test
  void aNodeThatStopsAnsweringAfterATriedNetworkChangeRevertsAndTheWaveHalts() throws Exception {
    ClusterDesired before = desired(Map.of());
    Instant t = sim.clock.now();
    RolloutOutcome o = run(desired(networkChange()),
        each(a -> a.kind() != Action.Kind.APPLY_CONFIG ? a : new Action(a.kind(), a.node(), a.controlPlane(),
            a.reboots(), a.detail(), false, true)),
        new RolloutListener() {
          @Override
          public void acted(Action action, String result) {
            if (result.startsWith("applied with mode try")) {
              sim.fleet.node(action.node()).inject(Fault.of(Fault.Kind.REFUSE)); // the new network cut it off
            }
          }
        });
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.node()).isEqualTo("cp-1");
    assertThat(o.gate()).isEqualTo(Gate.TRY_CONFIRMED);
    assertThat(o.why()).isEqualTo("did not answer with the new network config within the TRY timeout of 20s;"
        + " Talos reverts it to the previous config by itself");
    assertThat(since(t, SimRecord.Type.TRY_REVERTED)).extracting(SimRecord.Event::node).containsExactly("cp-1");
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::node).containsExactly("cp-1");
    String want = before.nodes().get(0).sha256();
    assertThat(CanonicalYaml.canonicalSha(sim.fleet.node("cp-1").activeConfig().orElseThrow().raw())).isEqualTo(want);
  }

  @Test
  void anUpgradeWithAConfigChangeStagesTheConfigAndRebootsOnce() throws Exception {
    String talconfig = Files.readString(Path.of("clusters/demo/talconfig.yaml"))
        .replace("talosVersion: v1.13.9", "talosVersion: v1.13.10");
    Map<String, String> change = new HashMap<>(DemoDesired.rebootChange());
    change.put("clusters/demo/talconfig.yaml", talconfig);
    ClusterDesired d = desired(change);
    Instant t = sim.clock.now();
    RolloutOutcome o = run(d, each(a -> a.kind() != Action.Kind.UPGRADE ? a
        : new Action(a.kind(), a.node(), a.controlPlane(), true, a.detail(), true, false)), new RolloutListener() {});
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(since(t, SimRecord.Type.DOWN)).as("one reboot per node for version and config").hasSize(6);
    assertThat(since(t, SimRecord.Type.APPLY)).extracting(SimRecord.Event::detail).containsOnly("STAGED").hasSize(6);
    assertThat(since(t, SimRecord.Type.DRY_RUN)).extracting(SimRecord.Event::detail).containsOnly("STAGED");
    assertThat(since(t, SimRecord.Type.UPGRADE)).hasSize(6);
    for (NodeConfig n : d.nodes()) {
      assertThat(sim.fleet.node(n.hostname()).versionTag()).isEqualTo("v1.13.10");
      assertThat(CanonicalYaml.canonicalSha(sim.fleet.node(n.hostname()).activeConfig().orElseThrow().raw()))
          .isEqualTo(n.sha256());
    }
  }

  @Test
  void theQuorumGuardIsCheckedAgainRightBeforeActingOnAControlPlane() throws Exception {
    Instant[] cleared = new Instant[1];
    RolloutOutcome o = run(desired(DemoDesired.rebootChange()), p -> p, new RolloutListener() {
      @Override
      public void preflight(PreflightReport report) {
        sim.fleet.node("cp-3").inject(Fault.of(Fault.Kind.REFUSE)); // cp-3 goes away after the plan was made
      }

      @Override
      public void waiting(String why) {
        if (why.startsWith("quorum guard, checked again right before changing cp-1") && cleared[0] == null) {
          sim.clock.advance(Duration.ofSeconds(1));
          sim.fleet.node("cp-3").clear(Fault.Kind.REFUSE);
          cleared[0] = sim.clock.now();
        }
      }
    });
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(cleared[0]).as("the rollout waited for the quorum guard").isNotNull();
    SimRecord.Event applied = sim.fleet.record().events(SimRecord.Type.APPLY).stream()
        .filter(e -> e.node().equals("cp-1")).reduce((a, b) -> b).orElseThrow();
    assertThat(applied.at()).as("cp-1 changed only after cp-3 was back").isAfterOrEqualTo(cleared[0]);
  }
}
