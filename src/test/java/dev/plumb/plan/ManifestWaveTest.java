package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Drift;
import dev.plumb.kube.Inventory;
import dev.plumb.kube.PrunePlan;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.LiveState;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.KubeObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifests part of the plan on hand-made Kubernetes views: the wave, its place, drift lines, prune, waits. */
class ManifestWaveTest {
  static final ResourceKey NS = new ResourceKey("", "Namespace", "", "hello");
  static final ResourceKey DEPLOY = new ResourceKey("apps", "Deployment", "hello", "hello");
  static final ResourceKey OLD = new ResourceKey("", "ConfigMap", "hello", "old");
  final Planner planner = new Planner(new RebootPredictor());

  static ClusterDesired desired(String kubernetes) {
    return desired(kubernetes, Map.of());
  }

  static ClusterDesired desired(String kubernetes, Map<String, String> more) {
    Map<String, String> files = new HashMap<>(more);
    files.put("clusters/demo/plumb.yaml", "provision: true\napps: [hello]\nrollout:\n  maxUnavailable: 2\n" + kubernetes);
    return DemoDesired.render(files);
  }

  static KubeLive reachable(List<Drift> drift, PrunePlan prune, Map<ResourceKey, String> applied) {
    return new KubeLive(true, "", "v1.34.1", Map.of(), Map.of(), List.of(), drift, prune).withApplied(applied);
  }

  static PrunePlan prune(ResourceKey... keys) {
    return new PrunePlan(java.util.Arrays.stream(keys).map(k -> new Inventory.Entry("v1", k, true)).toList(), List.of());
  }

  static Drift replicas(ResourceKey k) {
    return new Drift(k, false, List.of(new Drift.Field("spec.replicas", "2", "5")));
  }

  static String sha(ClusterDesired d, ResourceKey k) {
    return d.objects().stream().filter(o -> o.key().equals(k)).map(KubeObject::sha256).findFirst().orElseThrow();
  }

  @Test
  void nodesInSyncGiveOneManifestsWaveCountingCreateUpdateAndPrune() {
    ClusterDesired d = desired("");
    assertThat(d.objects()).extracting(KubeObject::key).contains(NS, DEPLOY);
    LiveState live = PlannerTest.live(d, l -> l).withKube(reachable(
        List.of(new Drift(NS, true, List.of()), replicas(DEPLOY)), prune(OLD), Map.of()));
    Plan p = planner.plan(d, live);
    assertThat(p.waitReason()).isEmpty();
    assertThat(p.waves()).hasSize(1);
    Wave w = p.waves().get(0);
    assertThat(w.name()).isEqualTo("manifests");
    assertThat(w.actions()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Action.Kind.APPLY_MANIFESTS);
      assertThat(a.node()).isEmpty();
      assertThat(a.detail()).isEqualTo("1 to create, 1 to update, 1 to prune");
    });
    assertThat(p.drift()).contains("+ Namespace hello (missing)", "~ Deployment.apps hello/hello: spec.replicas");
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("prune: on").contains("ConfigMap/hello/old"));
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("drift: correct"));
  }

  @Test
  void manifestsComeAfterEveryNodeWaveOfTheSamePlan() {
    ClusterDesired d = desired("", DemoDesired.rebootChange());
    LiveState live = PlannerTest.live(desired(""), l -> l).withKube(reachable(
        List.of(new Drift(NS, true, List.of())), prune(), Map.of()));
    Plan p = planner.plan(d, live);
    assertThat(p.waves().size()).isGreaterThan(1);
    assertThat(p.waves().get(p.waves().size() - 1).name()).isEqualTo("manifests");
    assertThat(p.waves().subList(0, p.waves().size() - 1)).allSatisfy(w ->
        assertThat(w.actions()).noneMatch(a -> a.kind() == Action.Kind.APPLY_MANIFESTS));
  }

  @Test
  void anUnreachableApiNeverHoldsNodeWavesAndIsNotedWithoutThem() {
    KubeLive down = KubeLive.unknown("connect timed out");
    Plan alone = planner.plan(desired(""), PlannerTest.live(desired(""), l -> l).withKube(down));
    assertThat(alone.waves()).isEmpty();
    assertThat(alone.waitReason()).isEmpty();
    assertThat(alone.notes()).anySatisfy(n -> assertThat(n).startsWith("manifests: 2 objects not applied yet")
        .contains("Kubernetes API not reachable: connect timed out"));

    ClusterDesired changed = desired("", DemoDesired.rebootChange());
    Plan withNodes = planner.plan(changed, PlannerTest.live(desired(""), l -> l).withKube(down));
    assertThat(withNodes.waitReason()).isEmpty();
    assertThat(withNodes.waves().get(0).actions()).allMatch(a -> a.kind() == Action.Kind.APPLY_CONFIG);
    assertThat(withNodes.waves().get(withNodes.waves().size() - 1).name()).isEqualTo("manifests");
  }

  @Test
  void withoutKubernetesAccessTheManifestsAreOnlyNoted() {
    Plan p = planner.plan(desired(""), PlannerTest.live(desired(""), l -> l));
    assertThat(p.inSync()).isTrue();
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("not applied: not observed"));
  }

  @Test
  void driftReportLeavesLiveDriftButAppliesAGitChange() {
    ClusterDesired d = desired("kubernetes:\n  drift: report\n");
    Map<ResourceKey, String> appliedSame = Map.of(DEPLOY, sha(d, DEPLOY));
    Plan reported = planner.plan(d, PlannerTest.live(d, l -> l).withKube(reachable(List.of(replicas(DEPLOY)), prune(),
        appliedSame)));
    assertThat(reported.waves()).isEmpty();
    assertThat(reported.drift()).singleElement().asString().contains("Deployment.apps hello/hello: spec.replicas")
        .contains("not corrected");
    assertThat(reported.notes()).anySatisfy(n -> assertThat(n).startsWith("drift: report").contains("1 object(s)"));

    Plan gitChanged = planner.plan(d, PlannerTest.live(d, l -> l).withKube(reachable(List.of(replicas(DEPLOY)),
        prune(), Map.of(DEPLOY, "0123abcd"))));
    assertThat(gitChanged.waves()).singleElement().satisfies(w ->
        assertThat(w.actions().get(0).detail()).isEqualTo("1 to update"));

    Plan corrected = planner.plan(desired(""), PlannerTest.live(d, l -> l).withKube(reachable(List.of(replicas(DEPLOY)),
        prune(), appliedSame)));
    assertThat(corrected.waves()).singleElement().satisfies(w ->
        assertThat(w.actions().get(0).detail()).isEqualTo("1 to update"));
  }

  @Test
  void pruneOffDeletesNothingButSaysWhatItWould() {
    ClusterDesired d = desired("kubernetes:\n  prune: false\n");
    Plan p = planner.plan(d, PlannerTest.live(d, l -> l).withKube(reachable(List.of(), prune(OLD), Map.of())));
    assertThat(p.waves()).isEmpty();
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("prune: off").contains("would delete 1")
        .contains("ConfigMap/hello/old"));
  }

  @Test
  void aSecretDriftLineNamesItsFieldsNeverTheirValues() {
    ResourceKey secret = new ResourceKey("", "Secret", "hello", "db");
    Drift d = new Drift(secret, false, List.of(new Drift.Field("data.password", "aHVudGVyMg==", "c2VjcmV0")));
    Plan p = planner.plan(desired(""), PlannerTest.live(desired(""), l -> l).withKube(reachable(List.of(d), prune(),
        Map.of())));
    assertThat(p.drift()).singleElement().asString().startsWith("~ Secret hello/db: data.password")
        .doesNotContain("aHVudGVyMg==").doesNotContain("c2VjcmV0");
  }

  @Test
  void aClusterWithoutObjectsButLeftoversPrunesThem() {
    ClusterDesired d = desired("", Map.of("clusters/demo/plumb.yaml", ""));
    ClusterDesired none = DemoDesired.render(Map.of("clusters/demo/plumb.yaml", "provision: true\n"));
    assertThat(none.objects()).isEmpty();
    Plan p = planner.plan(none, PlannerTest.live(d, l -> l).withKube(reachable(List.of(), prune(OLD), Map.of())));
    assertThat(p.waves()).singleElement().satisfies(w -> assertThat(w.actions().get(0).detail()).isEqualTo("1 to prune"));
    Plan clean = planner.plan(none, PlannerTest.live(d, l -> l).withKube(reachable(List.of(), prune(), Map.of())));
    assertThat(clean.inSync()).isTrue();
  }
}
