package dev.plumb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.apps.AppRenderer;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.sim.SimKube;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Apply, re-apply, CRD before CR, prune, failures and health against the simulated API (fabric8 mock, CRUD mode). */
class KubeApplierIT {
  static final SopsDecryptor NO_KEYS = new SopsDecryptor(new AgeKeys(List.of()));
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
  SimKube sim;
  KubeClient client;
  StepClock clock;
  KubeApplier applier;

  @BeforeEach
  void start() {
    sim = SimKube.start();
    client = Fabric8KubeClient.fromKubeconfig(sim.kubeconfig());
    clock = new StepClock();
    applier = new KubeApplier(client, clock, clock);
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  static List<Manifest> repoApps() {
    return manifests(AppRenderer.render(new DirectoryTree(Path.of(".")), List.of("hello"), "plumb.yaml", NO_KEYS)
        .objects());
  }

  static List<Manifest> manifests(List<dev.plumb.render.KubeObject> objects) {
    return objects.stream().map(o -> new Manifest(o.key(), o.apiVersion(), o.body().reveal())).toList();
  }

  static List<Manifest> extra(String... docs) {
    MemoryTree tree = new MemoryTree();
    for (int i = 0; i < docs.length; i++) {
      tree.put("apps/x/" + i + ".yaml", docs[i]);
    }
    return manifests(AppRenderer.render(tree, List.of("x"), "plumb.yaml", NO_KEYS).objects());
  }

  static List<Manifest> plus(List<Manifest> a, List<Manifest> b) {
    List<Manifest> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void appliesTheRepositoryAppsAndARepeatSendsNothing() throws Exception {
    ApplyReport first = applier.apply(repoApps(), ApplyOptions.defaults());
    assertThat(first.failures()).isEmpty();
    assertThat(first.applied()).extracting(ApplyReport.Applied::action).containsOnly(ApplyReport.Action.CREATED);
    var deploy = client.get("apps/v1", "Deployment", "hello", "hello").orElseThrow();
    assertThat(KubeMaps.string(deploy, "metadata", "labels", KubeApplier.MANAGED_LABEL)).isEqualTo("plumb");
    String version = KubeMaps.string(deploy, "metadata", "resourceVersion");

    ApplyReport again = applier.apply(repoApps(), ApplyOptions.defaults());
    assertThat(again.applied()).extracting(ApplyReport.Applied::action).containsOnly(ApplyReport.Action.UNCHANGED);
    assertThat(KubeMaps.string(client.get("apps/v1", "Deployment", "hello", "hello").orElseThrow(),
        "metadata", "resourceVersion")).isEqualTo(version);
    assertThat(Inventory.read(client).keySet()).containsExactlyInAnyOrder(
        new ResourceKey("", "Namespace", "", "hello"), new ResourceKey("apps", "Deployment", "hello", "hello"));
  }

  @Test
  void aCustomResourceWaitsForItsCrdAndIsRefusedByNameWithoutIt() throws Exception {
    ApplyReport alone = applier.apply(plus(repoApps(), extra(WIDGET)), ApplyOptions.defaults());
    assertThat(alone.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo(new ResourceKey("example.com", "Widget", "hello", "gear"));
      assertThat(f.message()).contains("unknown kind Widget in example.com/v1");
    });
    // the CR comes after its CRD even when Git lists it first
    ApplyReport both = applier.apply(plus(extra(WIDGET, CRD), repoApps()), ApplyOptions.defaults());
    assertThat(both.failures()).isEmpty();
    List<ResourceKey> order = both.applied().stream().map(ApplyReport.Applied::key).toList();
    assertThat(order.indexOf(new ResourceKey("apiextensions.k8s.io", "CustomResourceDefinition", "",
        "widgets.example.com"))).isLessThan(order.indexOf(new ResourceKey("example.com", "Widget", "hello", "gear")));
    assertThat(client.get("example.com/v1", "Widget", "hello", "gear")).isPresent();
  }

  @Test
  void pruneDeletesOnlyWhatPlumbCreatedAndGitDropped() throws Exception {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: hello%s}\ndata: {a: b}\n";
    // someone else's object that Git then also declares: adopted, never pruned
    sim.admin().resource(new ConfigMapBuilder().withNewMetadata().withName("theirs").withNamespace("hello")
        .endMetadata().addToData("a", "b").build()).create();
    sim.admin().resource(new ConfigMapBuilder().withNewMetadata().withName("unrelated").withNamespace("hello")
        .endMetadata().build()).create();
    List<Manifest> all = plus(repoApps(), extra(cm.formatted("ours", ""), cm.formatted("theirs", ""),
        cm.formatted("kept", ", annotations: {plumb.dev/prune: disabled}")));
    assertThat(applier.apply(all, ApplyOptions.defaults()).failures()).isEmpty();

    PrunePlan plan = applier.planPrune(repoApps());
    assertThat(plan.deleteKeys()).containsExactly(new ResourceKey("", "ConfigMap", "hello", "ours"));
    assertThat(plan.render()).contains("- ConfigMap/hello/ours (prune: no longer in Git)")
        .contains("ConfigMap/hello/theirs left in place: it existed before plumb applied it")
        .contains("ConfigMap/hello/kept left in place: annotated plumb.dev/prune: disabled");

    ApplyReport report = applier.apply(repoApps(), ApplyOptions.defaults());
    assertThat(report.pruned()).containsExactly(new ResourceKey("", "ConfigMap", "hello", "ours"));
    assertThat(client.get("v1", "ConfigMap", "hello", "ours")).isEmpty();
    assertThat(client.get("v1", "ConfigMap", "hello", "theirs")).isPresent();
    assertThat(client.get("v1", "ConfigMap", "hello", "kept")).isPresent();
    assertThat(client.get("v1", "ConfigMap", "hello", "unrelated")).isPresent();
    assertThat(Inventory.read(client)).hasSize(2);
  }

  @Test
  void pruneOffKeepsEverythingAndTheInventory() throws Exception {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ours, namespace: hello}\n";
    applier.apply(plus(repoApps(), extra(cm)), ApplyOptions.defaults());
    ApplyReport report = applier.apply(repoApps(), ApplyOptions.defaults().withPrune(false));
    assertThat(report.pruned()).isEmpty();
    assertThat(client.get("v1", "ConfigMap", "hello", "ours")).isPresent();
    assertThat(Inventory.read(client)).containsKey(new ResourceKey("", "ConfigMap", "hello", "ours"));
  }

  @Test
  void aBadWaveAnnotationFailsThatObjectByNameAndNothingIsPruned() throws Exception {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ours, namespace: hello}\n";
    applier.apply(plus(repoApps(), extra(cm)), ApplyOptions.defaults());
    String bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, namespace: hello, "
        + "annotations: {plumb.dev/wave: soon}}\n";
    ApplyReport report = applier.apply(plus(repoApps(), extra(bad)), ApplyOptions.defaults());
    assertThat(report.failures()).extracting(Object::toString)
        .containsExactly("ConfigMap/hello/bad: ConfigMap/hello/bad: annotation plumb.dev/wave must be an integer, "
            + "found 'soon'");
    assertThat(report.pruned()).isEmpty();
    assertThat(client.get("v1", "ConfigMap", "hello", "ours")).isPresent();
  }

  @Test
  void wavesOrderObjects() {
    String a = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: hello, annotations: {plumb.dev/wave: \"2\"}}\n";
    String b = "apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: hello, annotations: {plumb.dev/wave: \"-1\"}}\n";
    List<List<Manifest>> stages = ApplyOrder.stages(plus(extra(a, b), repoApps()));
    assertThat(stages).extracting(s -> s.stream().map(m -> m.key().name()).toList())
        .containsExactly(List.of("hello"), List.of("b"), List.of("hello"), List.of("a"));
  }

  @Test
  void aDeploymentIsProgressingUntilItsControllerReportsAndFailsWhenItsRolloutIsStuck() throws Exception {
    applier.apply(repoApps(), ApplyOptions.defaults());
    Map<String, Object> live = client.get("apps/v1", "Deployment", "hello", "hello").orElseThrow();
    assertThat(HealthChecker.check(live).state()).isEqualTo(Health.State.PROGRESSING);
    sim.workloads().settle();
    live = client.get("apps/v1", "Deployment", "hello", "hello").orElseThrow();
    assertThat(HealthChecker.check(live)).isEqualTo(Health.healthy("Deployment is available, replicas: 2"));
    sim.workloads().markFailing("Deployment", "hello", "hello", "ReplicaSet \"hello-1\" has timed out progressing.");
    live = client.get("apps/v1", "Deployment", "hello", "hello").orElseThrow();
    Health h = HealthChecker.check(live);
    assertThat(h.state()).isEqualTo(Health.State.FAILED);
    assertThat(h.reason()).contains("progress deadline exceeded").contains("timed out progressing");
    assertThat(HealthChecker.check(client.get("v1", "Namespace", "", "hello").orElseThrow()).state())
        .isEqualTo(Health.State.HEALTHY);
  }

  @Test
  void driftIsReportedMaskedAndCorrectedByTheNextApply() throws Exception {
    String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: hello}\n"
        + "stringData: {password: hunter2-long}\n";
    List<Manifest> all = plus(repoApps(), extra(secret));
    applier.apply(all, ApplyOptions.defaults());
    assertThat(DriftDetector.detect(client, all)).noneMatch(Drift::drifted);

    sim.admin().apps().deployments().inNamespace("hello").withName("hello")
        .edit(d -> { d.getSpec().setReplicas(5); return d; });
    sim.admin().secrets().inNamespace("hello").withName("db")
        .edit(s -> { s.getData().put("password", "b3RoZXI="); return s; });
    List<Drift> drift = DriftDetector.detect(client, all).stream().filter(Drift::drifted).toList();
    String text = String.join("", drift.stream().map(Drift::render).toList());
    assertThat(text).contains("~ apps/Deployment/hello/hello\n    spec.replicas: live 5, Git 2")
        .contains("data.password: live <masked>, Git <masked>").doesNotContain("hunter2").doesNotContain("b3RoZXI=");

    ApplyReport fix = applier.apply(all, ApplyOptions.defaults());
    assertThat(fix.applied()).filteredOn(a -> a.action() == ApplyReport.Action.CONFIGURED).hasSize(2);
    assertThat(DriftDetector.detect(client, all)).noneMatch(Drift::drifted);
  }
}
