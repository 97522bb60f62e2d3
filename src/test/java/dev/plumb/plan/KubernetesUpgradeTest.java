package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.NodeReadiness;
import dev.plumb.kube.PrunePlan;
import dev.plumb.observe.KubeImages;
import dev.plumb.observe.KubeLive;
import dev.plumb.observe.KubeUpgradeView;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A changed kubernetesVersion planned as talosctl upgrade-k8s runs it, on hand-made live states. */
class KubernetesUpgradeTest {
  static ClusterDesired v133;
  static ClusterDesired v134;
  static ClusterDesired v135;
  final Planner planner = new Planner(new RebootPredictor());

  @BeforeAll
  static void render() throws IOException {
    v133 = DemoDesired.render(version("v1.33.4", Map.of()));
    v134 = DemoDesired.render(version("v1.34.1", Map.of()));
    v135 = DemoDesired.render(version("v1.35.0", Map.of()));
  }

  static Map<String, String> version(String v, Map<String, String> more) throws IOException {
    Map<String, String> files = new HashMap<>(more);
    files.put("clusters/demo/talconfig.yaml", Files.readString(Path.of("clusters/demo/talconfig.yaml"))
        .replace("kubernetesVersion: v1.35.0", "kubernetesVersion: " + v));
    return files;
  }

  /** Every node healthy on {@code running}'s configs; the Kubernetes API answers with Nodes on {@code kubelet}. */
  static LiveState live(ClusterDesired running, String kubelet, KubeUpgradeView view, UnaryOperator<NodeLive> change) {
    List<NodeLive> nodes = new ArrayList<>();
    Map<String, NodeReadiness.Reading> readings = new LinkedHashMap<>();
    for (NodeConfig n : running.nodes()) {
      nodes.add(change.apply(PlannerTest.healthy(n)));
      readings.put(n.hostname(), new NodeReadiness.Reading(NodeReadiness.State.READY, "Ready", kubelet, false));
    }
    KubeLive kube = new KubeLive(true, "", kubelet, Map.of(), readings, List.of(), List.of(),
        new PrunePlan(List.of(), List.of())).withUpgrade(view);
    return new LiveState(running.name(), Instant.EPOCH, nodes, kube);
  }

  static KubeUpgradeView checked(String path, String... removed) {
    return new KubeUpgradeView(path, List.of(removed), "v1.33.4", "");
  }

  /** The node running another config (digest as the observer computes it: its own when it differs). */
  static NodeLive running(NodeLive l, byte[] config, String sha) {
    return new NodeLive(l.hostname(), l.address(), l.reach(), sha, l.version(), l.stage(), l.ready(), l.unmet(),
        l.etcdMember(), l.etcdHealthy(), l.detail(), Sensitive.of(config), l.hardwareUuid(), l.kubeNode(), l.bootId(),
        l.answersAs(), l.schematic(), l.etcd());
  }

  static List<String> steps(Plan p) {
    return p.waves().stream().flatMap(w -> w.actions().stream()).map(a -> a.kind() + " " + a.node()).toList();
  }

  @Test
  void anUpgradeGoesControlPlanesOneAtATimeThenKubeletsThenTheBootstrapManifests() {
    Plan p = planner.plan(v134, live(v133, "v1.33.4", checked("1.33->1.34"), l -> l));
    assertThat(p.waitReason()).isEmpty();
    assertThat(steps(p)).containsExactly("K8S_CONTROL_PLANE cp-1", "K8S_CONTROL_PLANE cp-2", "K8S_CONTROL_PLANE cp-3",
        "K8S_KUBELET cp-1", "K8S_KUBELET cp-2", "K8S_KUBELET cp-3", "K8S_KUBELET worker-1", "K8S_KUBELET worker-2",
        "K8S_KUBELET worker-3", "K8S_BOOTSTRAP_MANIFESTS cp-1");
    assertThat(p.waves()).allSatisfy(w -> assertThat(w.actions()).hasSize(1));
    assertThat(p.waves()).flatExtracting(Wave::actions).allSatisfy(a -> {
      assertThat(a.detail()).isEqualTo("v1.34.1");
      assertThat(a.reboots()).isFalse();
    });
    assertThat(p.drift()).anySatisfy(d -> assertThat(d).startsWith("Kubernetes upgrade v1.33.4 -> v1.34.1"));
    assertThat(p.notes()).anySatisfy(n -> assertThat(n).contains("pre-checks passed"));
  }

  @Test
  void aResumedUpgradeStartsWhereTheLiveConfigsAre() {
    NodeConfig cp1 = node(v134, "cp-1");
    byte[] old = node(v133, "cp-1").config().reveal();
    byte[] intermediate = KubeImages.withKubelet(cp1.config().reveal(), KubeImages.of(old).kubelet(), cp1.talosVersion());
    Plan p = planner.plan(v134, live(v133, "v1.33.4", checked("1.33->1.34"),
        l -> l.hostname().equals("cp-1") ? running(l, intermediate, "intermediate") : l));
    assertThat(steps(p)).first().isEqualTo("K8S_CONTROL_PLANE cp-2");
    assertThat(steps(p)).contains("K8S_KUBELET cp-1").doesNotContain("K8S_CONTROL_PLANE cp-1");

    // every node on 1.34: only the bootstrap manifests, recorded for 1.33, are left
    Plan last = planner.plan(v134, live(v134, "v1.34.1", checked("1.34->1.34"), l -> l));
    assertThat(steps(last)).containsExactly("K8S_BOOTSTRAP_MANIFESTS cp-1");
    // and once they are recorded for 1.34 the cluster is in sync
    Plan done = planner.plan(v134, live(v134, "v1.34.1", new KubeUpgradeView("1.34->1.34", List.of(), "v1.34.1", ""),
        l -> l));
    assertThat(done.inSync()).isTrue();
  }

  @Test
  void skippingAMinorIsRefusedAndNothingActs() {
    Plan p = planner.plan(v135, live(v133, "v1.33.4", checked("1.33->1.35"), l -> l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w)
        .contains("v1.33.4 -> v1.35.0 skips a minor version").contains("upgrade to 1.34 first"));
  }

  @Test
  void aMinorDowngradeIsRefused() {
    Plan p = planner.plan(v133, live(v134, "v1.34.1", checked("1.34->1.33"), l -> l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("downgrade of the minor version"));
  }

  @Test
  void liveObjectsOfARemovedApiAreNamedAndStopTheUpgrade() {
    Plan p = planner.plan(v134, live(v133, "v1.33.4", checked("1.33->1.34",
        "FlowSchema legacy uses flowcontrol.apiserver.k8s.io/v1beta3, removed in Kubernetes 1.32"), l -> l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("removed API: live FlowSchema legacy"));
    // not checked for this path: refused too, never assumed clean
    Plan unchecked = planner.plan(v134, live(v133, "v1.33.4", new KubeUpgradeView("", List.of(), "", "timeout"),
        l -> l));
    assertThat(unchecked.waitReason()).hasValueSatisfying(w -> assertThat(w)
        .contains("live objects were not checked for APIs removed in 1.34: timeout"));
  }

  @Test
  void gitManifestsOnARemovedApiAreNamedWithTheirFile() throws IOException {
    ClusterDesired withCronJob = DemoDesired.render(version("v1.34.1", Map.of("apps/hello/cron.yaml",
        "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n  namespace: hello\nspec:\n"
            + "  schedule: \"0 1 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
            + "          restartPolicy: Never\n          containers:\n            - name: c\n              image: busybox\n")));
    Plan p = planner.plan(withCronJob, live(v133, "v1.33.4", checked("1.33->1.34"), l -> l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("CronJob hello/nightly in apps/hello/cron.yaml"
        + " uses batch/v1beta1, removed in Kubernetes 1.25 (use batch/v1)"));
  }

  @Test
  void withoutTheKubernetesApiTheUpgradeWaitsAndSaysWhy() {
    LiveState live = live(v133, "v1.33.4", checked("1.33->1.34"), l -> l).withKube(KubeLive.unknown("no kubeconfig"));
    Plan p = planner.plan(v134, live);
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("not reachable (no kubeconfig)"));
  }

  @Test
  void aKubeletTooFarBehindIsRefusedByTheSkewPolicy() {
    LiveState live = live(v133, "v1.33.4", checked("1.33->1.34"), l -> l);
    Map<String, NodeReadiness.Reading> readings = new LinkedHashMap<>(live.kube().nodes());
    readings.put("worker-2", new NodeReadiness.Reading(NodeReadiness.State.READY, "Ready", "v1.30.2", false));
    KubeLive k = live.kube();
    live = live.withKube(new KubeLive(true, "", k.serverVersion(), k.nodeNames(), readings, k.staticPods(), k.drift(),
        k.prune()).withUpgrade(k.upgrade()));
    Plan p = planner.plan(v134, live);
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w)
        .contains("worker-2: its kubelet runs v1.30.2, more than 3 minors older than v1.34.1"));
  }

  @Test
  void aTalosUpgradeAtTheSameTimeIsRefused() {
    Plan p = planner.plan(v134, live(v133, "v1.33.4", checked("1.33->1.34"),
        l -> l.hostname().equals("worker-3") ? new NodeLive(l.hostname(), l.address(), l.reach(), l.configSha(), "v1.12.4",
            l.stage(), l.ready(), l.unmet(), l.etcdMember(), l.etcdHealthy(), l.detail(), l.config(), l.hardwareUuid(),
            l.kubeNode(), l.bootId(), l.answersAs(), l.schematic(), l.etcd()) : l));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w)
        .contains("worker-3 also needs a Talos upgrade").contains("Talos is upgraded first"));
  }

  static NodeConfig node(ClusterDesired d, String host) {
    return d.nodes().stream().filter(n -> n.hostname().equals(host)).findFirst().orElseThrow();
  }
}
