package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.NodeCordon;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.plan.Wave;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.sim.Fault;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimKube;
import dev.plumb.sim.SimRecord;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cordon and drain before a reboot, against the simulated fleet (real gRPC, mutual TLS, simulated
 * time) and its simulated Kubernetes API (fabric8's mock server, evictions honouring
 * PodDisruptionBudgets): pods go before the node's config does, the Node is given back once the
 * node's gates pass, a budget blocks with its name, and only plumb's own cordon is ever undone.
 */
class DrainRolloutIT {
  SimHarness sim;
  ExecutorService pool;
  SimKube kube;
  KubeClient client;
  final List<String> events = new ArrayList<>();
  /** At each real (not dry-run) apply: whether web/web-2 still existed, and worker-2's Node state. */
  final List<String> atApply = new ArrayList<>();
  /** worker-2's Node when the wave's gates passed, before plumb uncordons it. */
  final List<String> atGates = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    sim = SimHarness.maintenance(6, 3);
    pool = Executors.newFixedThreadPool(6);
    assertThat(run(desired(Map.of()), () -> false).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    kube = sim.fleet.attachKube("v1.34.1");
    sim.fleet.kubeRound();
    client = Fabric8KubeClient.fromKubeconfig(kube.kubeconfig());
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    pool.shutdownNow();
    sim.close();
  }

  private RolloutOutcome run(ClusterDesired desired, BooleanSupplier cancelled) throws InterruptedException {
    events.clear();
    atApply.clear();
    atGates.clear();
    TalosClient secure = recordingApplies(secure(desired));
    var insecure = sim.insecureClient();
    Observer observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now());
    if (client != null) {
      observer.withKube(KubeAccess.of(client));
    }
    RolloutListener record = new RolloutListener() {
      @Override
      public void acted(Action action, String result) {
        events.add(action.node() + ": " + result);
      }

      @Override
      public void gatesPassed(Wave wave) {
        if (client != null && wave.actions().stream().anyMatch(a -> a.node().equals("worker-2"))) {
          atGates.add(nodeState("worker-2"));
        }
      }

      @Override
      public void waiting(String why) {
        events.add("waiting: " + why);
      }
    };
    RolloutRunner runner = new RolloutRunner(observer, new Planner(new RebootPredictor()),
        new Actuator(secure, insecure, observer, () -> sim.clock.now(), d -> sim.clock.advance(d)), record,
        () -> sim.clock.now(), d -> sim.clock.advance(d), Duration.ofMillis(250));
    return runner.converge(desired, Duration.ofMinutes(2), cancelled);
  }

  private GrpcTalosClient secure(ClusterDesired desired) {
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal();
    return sim.track(new GrpcTalosClient(TalosChannels.forContext(
        TalosConfig.parse(Path.of("tc"), tc).context(Optional.empty())), SimHarness.timeouts()));
  }

  /** A client that notes, at each real apply, whether the pod was still there and how the Node was. */
  private TalosClient recordingApplies(TalosClient real) {
    return (TalosClient) java.lang.reflect.Proxy.newProxyInstance(TalosClient.class.getClassLoader(),
        new Class<?>[] {TalosClient.class}, (proxy, m, args) -> {
          if (client != null && m.getName().equals("applyConfiguration") && !(Boolean) args[3]) {
            boolean pod = kube.admin().pods().inNamespace("web").withName("web-2").get() != null;
            atApply.add("web-2 " + (pod ? "present" : "gone") + ", " + nodeState("worker-2"));
          }
          try {
            return m.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private String nodeState(String name) {
    Node n = kube.admin().nodes().withName(name).get();
    boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    boolean marked = n.getMetadata().getAnnotations() != null
        && n.getMetadata().getAnnotations().containsKey(NodeCordon.ANNOTATION);
    return (cordoned ? "cordoned" : "schedulable") + (marked ? " (plumb)" : "");
  }

  /**
   * The demo cluster with {@code worker2Patch} as a patch of worker-2 alone and {@code kubernetes}
   * as plumb.yaml's kubernetes section (empty: none).
   */
  private static ClusterDesired desired(Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.putIfAbsent("clusters/demo/plumb.yaml",
        "provision: true\nrollout:\n  workerBatchSize: 3\n  gateTimeout: 30s\n  settle: 5s\n");
    return DemoDesired.render(overrides);
  }

  private static ClusterDesired worker2(String patch, String kubernetes) throws Exception {
    String tal = Files.readString(Path.of("clusters/demo/talconfig.yaml"));
    String marker = "    hostname: worker-2\n    ipAddress: 127.77.0.5\n";
    assertThat(tal).contains(marker);
    return desired(Map.of(
        "clusters/demo/talconfig.yaml", tal.replace(marker, marker + "    patches:\n      - \"@./patches/w2.yaml\"\n"),
        "clusters/demo/patches/w2.yaml", patch,
        "clusters/demo/plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 3\n  gateTimeout: 30s\n"
            + "  settle: 5s\n" + kubernetes));
  }

  private static final String REBOOT = "machine:\n  files:\n    - path: /var/etc/x\n      content: x\n"
      + "      permissions: 420\n      op: create\n";
  private static final String NO_REBOOT = "machine:\n  nodeLabels:\n    tier: web\n";

  private List<SimRecord.Event> applies(Instant since, String node) {
    return sim.fleet.record().events(SimRecord.Type.APPLY).stream()
        .filter(e -> !e.at().isBefore(since) && e.node().equals(node)).toList();
  }

  private void budget(int minAvailable) {
    kube.addPod("db", "db-0", "worker-2", Map.of("app", "db"), "StatefulSet");
    kube.addPod("db", "db-1", "worker-1", Map.of("app", "db"), "StatefulSet");
    kube.admin().resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("db-pdb").withNamespace("db")
        .endMetadata().withNewSpec().withNewMinAvailable(minAvailable).withNewSelector()
        .addToMatchLabels("app", "db").endSelector().endSpec().build()).create();
  }

  @Test
  void aRebootingChangeEvictsThePodsFirstKeepsTheNodeCordonedThroughItsGatesThenUncordonsIt() throws Exception {
    kube.addPod("web", "web-2", "worker-2", Map.of("app", "web"), "ReplicaSet");
    kube.addPod("web", "web-1", "worker-1", Map.of("app", "web"), "ReplicaSet");
    kube.addPod("kube-system", "cilium-w2", "worker-2", Map.of("app", "cilium"), "DaemonSet");
    kube.admin().resource(new PodBuilder().withNewMetadata().withName("kube-proxy-worker-2")
        .withNamespace("kube-system").addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata()
        .withNewSpec().withNodeName("worker-2").endSpec().build()).create();
    Instant t = sim.clock.now();

    RolloutOutcome o = run(worker2(REBOOT, ""), () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(applies(t, "worker-2")).extracting(SimRecord.Event::detail).containsExactly("REBOOT");
    assertThat(atApply).as("the pod was evicted and the Node cordoned before the config reached Talos")
        .containsExactly("web-2 gone, cordoned (plumb)");
    assertThat(atGates).containsExactly("cordoned (plumb)");
    assertThat(nodeState("worker-2")).isEqualTo("schedulable");
    assertThat(events).anyMatch(e -> e.startsWith("worker-2: cordoned and drained worker-2: evicted web/web-2, left ")
        && e.contains("kube-system/cilium-w2 (managed by DaemonSet cilium-w2-owner)")
        && e.contains("kube-system/kube-proxy-worker-2 (mirror pod of a static pod)")
        && e.contains("; applied with mode reboot"));
    assertThat(events).contains("worker-2: uncordoned worker-2: its gates passed");
    assertThat(kube.admin().pods().inNamespace("kube-system").withName("cilium-w2").get()).isNotNull();
    assertThat(kube.admin().pods().inNamespace("kube-system").withName("kube-proxy-worker-2").get()).isNotNull();
    assertThat(kube.admin().pods().inNamespace("web").withName("web-1").get()).as("another node's pod").isNotNull();
    assertThat(nodeState("worker-1")).isEqualTo("schedulable");
  }

  @Test
  void aBudgetThatAllowsNoDisruptionHaltsAtDrainedNamingItAndTheNodeIsUncordonedAndUnchanged() throws Exception {
    budget(2);
    Instant t = sim.clock.now();

    RolloutOutcome o = run(worker2(REBOOT, "kubernetes:\n  drain:\n    timeout: 2s\n"), () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.gate()).isEqualTo(Gate.DRAINED);
    assertThat(o.node()).isEqualTo("worker-2");
    assertThat(o.why()).startsWith("drain of worker-2 timed out after 2s with 1 pod left (db/db-0): eviction of pod"
        + " db/db-0 refused: blocked by PodDisruptionBudget db/db-pdb").endsWith("; uncordoned worker-2, worker-2 was"
        + " not changed (kubernetes.drain.onTimeout: halt)");
    assertThat(applies(t, "worker-2")).isEmpty();
    assertThat(atApply).isEmpty();
    assertThat(nodeState("worker-2")).isEqualTo("schedulable");
    assertThat(kube.admin().pods().inNamespace("db").withName("db-0").get()).isNotNull();
  }

  @Test
  void withOnTimeoutProceedTheNodeRebootsAnywayAndTheSummaryNamesThePodsLeft() throws Exception {
    budget(2);
    Instant t = sim.clock.now();

    RolloutOutcome o = run(worker2(REBOOT, "kubernetes:\n  drain:\n    timeout: 2s\n    onTimeout: proceed\n"),
        () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(applies(t, "worker-2")).extracting(SimRecord.Event::detail).containsExactly("REBOOT");
    assertThat(atApply).containsExactly("web-2 gone, cordoned (plumb)");
    assertThat(events).anyMatch(e -> e.startsWith("worker-2: drain of worker-2 timed out after 2s with 1 pod left"
        + " (db/db-0)") && e.contains("db/db-pdb") && e.contains("going on with the reboot (kubernetes.drain.onTimeout:"
        + " proceed)"));
    assertThat(nodeState("worker-2")).isEqualTo("schedulable");
  }

  @Test
  void aNodeThatFailsItsGatesAfterTheRebootStaysCordonedAndTheHaltSaysSo() throws Exception {
    kube.addPod("web", "web-2", "worker-2", Map.of("app", "web"), "ReplicaSet");
    sim.fleet.node("worker-2").inject(Fault.unhealthy("kubelet"));

    RolloutOutcome o = run(worker2(REBOOT, ""), () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.HALTED);
    assertThat(o.node()).isEqualTo("worker-2");
    assertThat(o.why()).startsWith("timed out after 30s").endsWith("; worker-2 stays cordoned (annotation"
        + " plumb.dev/cordoned): uncordon by hand once fixed, or plumb does when a later reconcile finds the node"
        + " healthy on its desired config");
    assertThat(nodeState("worker-2")).isEqualTo("cordoned (plumb)");
  }

  @Test
  void anApiServerThatDoesNotAnswerDoesNotStopTheRebootAndTheSummarySaysSo() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    KubeClient live = client;
    client = Fabric8KubeClient.fromKubeconfig(new String(kube.kubeconfig(), java.nio.charset.StandardCharsets.UTF_8)
        .replace(kube.url(), "http://localhost:" + port).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    kube.addPod("web", "web-2", "worker-2", Map.of("app", "web"), "ReplicaSet");
    Instant t = sim.clock.now();
    try {
      RolloutOutcome o = run(worker2(REBOOT, ""), () -> false);

      assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
      assertThat(applies(t, "worker-2")).extracting(SimRecord.Event::detail).containsExactly("REBOOT");
      assertThat(events).anyMatch(e -> e.startsWith("worker-2: not drained, the Kubernetes API failed (")
          && e.contains("the API server did not answer") && e.contains("going on without a drain; applied with mode"));
      assertThat(kube.admin().pods().inNamespace("web").withName("web-2").get()).isNotNull();
    } finally {
      client.close();
      client = live;
    }
  }

  @Test
  void aChangeWithoutRebootDrainsNothing() throws Exception {
    kube.addPod("web", "web-2", "worker-2", Map.of("app", "web"), "ReplicaSet");
    Instant t = sim.clock.now();

    RolloutOutcome o = run(worker2(NO_REBOOT, ""), () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(applies(t, "worker-2")).extracting(SimRecord.Event::detail).containsExactly("NO_REBOOT");
    assertThat(atApply).containsExactly("web-2 present, schedulable");
    assertThat(events).noneMatch(e -> e.contains("drain") || e.contains("cordon"));
  }

  @Test
  void aCancelDuringABlockedDrainEndsItPromptlyAndGivesTheNodeBack() throws Exception {
    budget(2);
    Instant t = sim.clock.now();
    // cancelled once the drain has waited a few rounds (the budget would hold it for the whole 5m)
    RolloutOutcome o = run(worker2(REBOOT, ""), () -> Duration.between(t, sim.clock.now()).toSeconds() > 20);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CANCELLED);
    assertThat(Duration.between(t, sim.clock.now())).isLessThan(Duration.ofMinutes(1));
    assertThat(events).anyMatch(e -> e.equals("waiting: drain of worker-2 stopped (the rollout was cancelled);"
        + " uncordoned it, worker-2 was not changed"));
    assertThat(applies(t, "worker-2")).isEmpty();
    assertThat(nodeState("worker-2")).isEqualTo("schedulable");
  }

  @Test
  void afterACrashOnlyPlumbsCordonOnANodeOnItsDesiredConfigIsUndone() throws Exception {
    // plumb cordoned worker-2 and crashed before its gates passed; a human cordoned worker-1
    client.setUnschedulable("worker-2", true);
    NodeCordon.mark(client, "worker-2", "before a config change that reboots worker-2");
    client.setUnschedulable("worker-1", true);
    // plumb's mark on worker-3, whose change has not landed: it stays until the change does
    client.setUnschedulable("worker-3", true);
    NodeCordon.mark(client, "worker-3", "before a config change that reboots worker-3");

    ClusterDesired desired = desired(Map.of());
    Observer observer = new Observer(secure(desired), sim.insecureClient(), sim.fleet.port(), pool,
        () -> sim.clock.now());
    LiveState live = observer.observe(desired);
    String w3 = Files.readString(Path.of("clusters/demo/talconfig.yaml"));
    ClusterDesired w3Changed = DemoDesired.render(Map.of("clusters/demo/talconfig.yaml", w3.replace(
        "    hostname: worker-3\n", "    hostname: worker-3\n    patches:\n      - \"@./patches/w3.yaml\"\n"),
        "clusters/demo/patches/w3.yaml", REBOOT));
    assertThat(Uncordon.recover(w3Changed, live, Set.of("worker-2"), KubeAccess.of(client)))
        .as("worker-2 busy, worker-3 not on its desired config").isEmpty();
    assertThat(nodeState("worker-2")).isEqualTo("cordoned (plumb)");

    RolloutOutcome o = run(desired, () -> false);

    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(nodeState("worker-2")).isEqualTo("schedulable");
    assertThat(nodeState("worker-1")).as("a human's cordon").isEqualTo("cordoned");
    assertThat(events).contains("waiting: uncordoned worker-2, cordoned by plumb (before a config change that"
        + " reboots worker-2) and not released before: the node is healthy on its desired config");
  }
}
