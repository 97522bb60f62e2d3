package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimKube;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster's manifests in the rollout (issue 9), against the simulated fleet (real gRPC, mutual
 * TLS, simulated time) and its simulated Kubernetes API (fabric8's mock server in CRUD mode): one
 * plan with the node waves first and the manifests after them, server-side apply, re-apply a no-op,
 * prune of what plumb created only, a failing Deployment halting at MANIFESTS_HEALTHY, CRD before
 * CR, drift corrected or only reported. The fleet is provisioned once; each test applies its own
 * apps (the inventory follows).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestRolloutIT {
  static final String EXTRA = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: extra
        namespace: hello
      data:
        greeting: hi
      """;
  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Namespaced
        names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;
  static final String WIDGET = """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: gear
        namespace: hello
      spec:
        size: 3
      """;
  SimHarness sim;
  SimKube kube;
  KubeClient client;
  ExecutorService pool;
  final List<String> events = new ArrayList<>();
  final List<Action> acted = new ArrayList<>();
  final List<Plan> plans = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    sim = SimHarness.maintenance(6, 3);
    kube = sim.fleet.attachKube("v1.34.1");
    client = Fabric8KubeClient.fromKubeconfig(kube.kubeconfig());
    pool = Executors.newFixedThreadPool(6);
    RolloutOutcome o = run(desired(List.of(), "", Map.of()));
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    client.close();
    sim.close();
  }

  private RolloutOutcome run(ClusterDesired desired) throws InterruptedException {
    events.clear();
    acted.clear();
    plans.clear();
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal();
    TalosClient secure = sim.track(new GrpcTalosClient(TalosChannels.forContext(
        TalosConfig.parse(Path.of("tc"), tc).context(Optional.empty())), SimHarness.timeouts()));
    var insecure = sim.insecureClient();
    Observer observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now())
        .withKube(KubeAccess.of(client));
    Planner planner = new Planner(new RebootPredictor());
    RolloutListener record = new RolloutListener() {
      @Override
      public void acted(Action action, String result) {
        acted.add(action);
        events.add(action.node() + ": " + result);
      }

      @Override
      public void waiting(String why) {
        events.add("waiting: " + why);
      }
    };
    RolloutRunner runner = new RolloutRunner(observer, (d, l, h) -> {
      Plan p = planner.plan(d, l, h);
      plans.add(p);
      return p;
    }, new Actuator(secure, insecure, observer), record, () -> sim.clock.now(), d -> {
      sim.clock.advance(d);
      sim.fleet.kubeRound();
      kube.workloads().settle();
    }, Duration.ofMillis(250));
    return runner.converge(desired, Duration.ofMinutes(2), () -> false);
  }

  /** The demo cluster selecting {@code apps} (folders of {@code files}), with a kubernetes: section. */
  private static ClusterDesired desired(List<String> apps, String kubernetes, Map<String, String> files) {
    Map<String, String> all = new HashMap<>(files);
    all.putIfAbsent("clusters/demo/plumb.yaml", "provision: true\napps: " + apps + "\nrollout:\n  workerBatchSize: 3\n"
        + "  gateTimeout: 30s\n  settle: 5s\n  tryTimeout: 20s\n" + kubernetes);
    return DemoDesired.render(all);
  }

  private Deployment hello() {
    return kube.admin().apps().deployments().inNamespace("hello").withName("hello").get();
  }

  private Optional<Map<String, Object>> get(String apiVersion, String kind, String ns, String name) {
    return client.get(apiVersion, kind, ns, name);
  }

  @Test
  void appliesOnceReappliesNothingAndPrunesOnlyWhatPlumbCreated() throws Exception {
    ClusterDesired both = desired(List.of("hello", "extra"), "", Map.of("apps/extra/cm.yaml", EXTRA));
    RolloutOutcome o = run(both);
    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(acted).extracting(Action::kind).contains(Action.Kind.APPLY_MANIFESTS);
    assertThat(events).anyMatch(e -> e.contains("manifests applied server-side:") && e.contains("created"));
    assertThat(hello()).isNotNull();
    assertThat(get("v1", "ConfigMap", "hello", "extra")).isPresent();
    // somebody else's object in the same namespace
    kube.admin().configMaps().inNamespace("hello").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("manual").withNamespace("hello").endMetadata().addToData("k", "v").build()).create();
    String version = hello().getMetadata().getResourceVersion();

    RolloutOutcome again = run(both);
    assertThat(again.kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(acted).as("re-converging applies nothing").isEmpty();
    assertThat(hello().getMetadata().getResourceVersion()).isEqualTo(version);

    RolloutOutcome pruned = run(desired(List.of("hello"), "", Map.of("apps/extra/cm.yaml", EXTRA)));
    assertThat(pruned.kind()).as(pruned + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(plans.get(0).waves().get(0).actions().get(0).detail()).isEqualTo("1 to prune");
    assertThat(get("v1", "ConfigMap", "hello", "extra")).isEmpty();
    assertThat(get("v1", "ConfigMap", "hello", "manual")).as("not plumb's: never pruned").isPresent();
    assertThat(get("v1", "Namespace", "", "hello")).isPresent();
    assertThat(hello()).isNotNull();
  }

  @Test
  void aFailingDeploymentHaltsAtManifestsHealthyNamingIt() throws Exception {
    kube.workloads().markFailing("Deployment", "bad", "stuck", "ProgressDeadlineExceeded");
    String deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: stuck, namespace: bad}
        spec:
          replicas: 1
          selector: {matchLabels: {app: stuck}}
          template:
            metadata: {labels: {app: stuck}}
            spec: {containers: [{name: c, image: registry.k8s.io/pause:3.10}]}
        """;
    ClusterDesired d = desired(List.of("hello", "bad"), "", Map.of("apps/bad/ns.yaml",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: bad}\n", "apps/bad/deploy.yaml", deployment));
    try {
      RolloutOutcome o = run(d);
      assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.HALTED);
      assertThat(o.gate()).isEqualTo(Gate.MANIFESTS_HEALTHY);
      assertThat(o.wave()).isEqualTo("manifests");
      assertThat(o.why()).contains("Deployment.apps bad/stuck failed").contains("ProgressDeadlineExceeded");
    } finally {
      kube.workloads().markHealthy("Deployment", "bad", "stuck");
    }
    RolloutOutcome fixed = run(d);
    assertThat(fixed.kind()).as(fixed + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
  }

  @Test
  void aCrdGoesBeforeItsCustomResource() throws Exception {
    ClusterDesired d = desired(List.of("hello", "widgets"), "", Map.of("apps/widgets/crd.yaml", CRD,
        "apps/widgets/widget.yaml", WIDGET));
    RolloutOutcome o = run(d);
    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(get("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.com")).isPresent();
    GenericKubernetesResource gear = kube.admin().genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup("example.com").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true)
        .build()).inNamespace("hello").withName("gear").get();
    assertThat(gear).isNotNull();
    assertThat(gear.getAdditionalProperties().get("spec")).isEqualTo(Map.of("size", 3));
  }

  @Test
  void driftIsCorrectedOrWithDriftReportOnlyReported() throws Exception {
    ClusterDesired correct = desired(List.of("hello"), "", Map.of());
    assertThat(run(correct).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    kube.admin().apps().deployments().inNamespace("hello").withName("hello").scale(5);
    RolloutOutcome fixed = run(correct);
    assertThat(fixed.kind()).as(fixed + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(plans.get(0).drift()).contains("~ Deployment.apps hello/hello: spec.replicas (changed live: corrected)");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(2);

    ClusterDesired report = desired(List.of("hello"), "kubernetes:\n  drift: report\n", Map.of());
    kube.admin().apps().deployments().inNamespace("hello").withName("hello").scale(5);
    RolloutOutcome reported = run(report);
    assertThat(reported.kind()).as(reported + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(acted).isEmpty();
    assertThat(plans.get(0).drift()).anySatisfy(l -> assertThat(l).contains("Deployment.apps hello/hello: spec.replicas")
        .contains("not corrected"));
    assertThat(hello().getSpec().getReplicas()).isEqualTo(5);

    // a Git change of the same object is still applied under drift: report
    ClusterDesired gitChange = desired(List.of("hello"), "kubernetes:\n  drift: report\n",
        Map.of("apps/hello/deployment.yaml", DemoFiles.read("apps/hello/deployment.yaml").replace("replicas: 2",
            "replicas: 3")));
    RolloutOutcome applied = run(gitChange);
    assertThat(applied.kind()).as(applied + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(hello().getSpec().getReplicas()).isEqualTo(3);
    assertThat(run(correct).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
  }

  @Test
  void nodeWavesGoFirstAndTheManifestsAfterThemInOnePlan() throws Exception {
    Map<String, String> files = new HashMap<>(DemoDesired.rebootChange());
    files.put("apps/extra/cm.yaml", EXTRA.replace("hi", "after-nodes"));
    ClusterDesired d = desired(List.of("hello", "extra"), "", files);
    RolloutOutcome o = run(d);
    assertThat(o.kind()).as(o + " " + events).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    Plan first = plans.get(0);
    assertThat(first.waves().size()).isGreaterThan(1);
    assertThat(first.waves().get(first.waves().size() - 1).name()).isEqualTo("manifests");
    assertThat(acted).extracting(Action::kind).endsWith(Action.Kind.APPLY_MANIFESTS);
    assertThat(acted.subList(0, acted.size() - 1)).allMatch(a -> a.kind() == Action.Kind.APPLY_CONFIG);
    assertThat(get("v1", "ConfigMap", "hello", "extra")).hasValueSatisfying(cm ->
        assertThat(cm.get("data")).isEqualTo(Map.of("greeting", "after-nodes")));
  }

  /** Files of the repository checkout. */
  static final class DemoFiles {
    static String read(String path) throws java.io.IOException {
      return java.nio.file.Files.readString(Path.of(path));
    }
  }
}
