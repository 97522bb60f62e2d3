package dev.plumb.kubeupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.kube.TalosKubeAccess;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.Observer;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.plan.Plan;
import dev.plumb.plan.Planner;
import dev.plumb.plan.RebootPredictor;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.rollout.Actuator;
import dev.plumb.rollout.RolloutListener;
import dev.plumb.rollout.RolloutOutcome;
import dev.plumb.rollout.RolloutRunner;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimKube;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
 * A changed kubernetesVersion in the talconfig, rolled out through the simulated fleet and its
 * simulated Kubernetes API as talosctl upgrade-k8s does it: control planes one at a time (static
 * pods on the new version), kubelets node by node (Nodes report the new version), then Talos's
 * bootstrap manifests applied server-side; a skipped minor and a live object of a removed API stop
 * it before anything is touched.
 */
class KubernetesUpgradeIT {
  SimHarness sim;
  SimKube kube;
  ExecutorService pool;
  Observer observer;
  Actuator actuator;
  final List<Action> acted = new ArrayList<>();

  @BeforeEach
  void start() {
    sim = SimHarness.maintenance(6, 3);
    kube = sim.fleet.attachKube("v1.33.4");
    if (kube.admin().namespaces().withName("kube-system").get() == null) {
      kube.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system")
          .endMetadata().build()).create();
    }
    pool = Executors.newFixedThreadPool(6);
  }

  @AfterEach
  void stop() {
    if (observer != null) {
      observer.kube().close();
    }
    pool.shutdownNow();
    sim.close();
  }

  private ClusterDesired desired(String kubernetesVersion) {
    try {
      Map<String, String> files = new HashMap<>();
      files.put("clusters/demo/talconfig.yaml", Files.readString(Path.of("clusters/demo/talconfig.yaml"))
          .replace("kubernetesVersion: v1.35.0", "kubernetesVersion: " + kubernetesVersion));
      files.put("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 2\n  maxUnavailable: 2\n"
          + "  gateTimeout: 60s\n  settle: 5s\n");
      return DemoDesired.render(files);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void wire(ClusterDesired desired) {
    if (observer != null) {
      return;
    }
    String tc = AdminTalosconfig.create(desired, Duration.ofDays(1)).reveal();
    var secure = sim.track(new GrpcTalosClient(TalosChannels.forContext(
        TalosConfig.parse(Path.of("tc"), tc).context(Optional.empty())), SimHarness.timeouts()));
    var insecure = sim.insecureClient();
    observer = new Observer(secure, insecure, sim.fleet.port(), pool, () -> sim.clock.now())
        .withKube(TalosKubeAccess.configured(kube.kubeconfig(), "test kubeconfig", Clock.systemUTC()));
    actuator = new Actuator(secure, insecure, observer);
  }

  private RolloutOutcome converge(ClusterDesired desired, Duration settle) throws InterruptedException {
    wire(desired);
    RolloutRunner runner = new RolloutRunner(observer, new Planner(new RebootPredictor()), actuator,
        new RolloutListener() {
          @Override
          public void acted(Action action, String result) {
            acted.add(action);
          }
        }, () -> sim.clock.now(), d -> {
          sim.clock.advance(d);
          sim.fleet.kubeRound();
        }, Duration.ofSeconds(1));
    return runner.converge(desired, settle, () -> false);
  }

  private Plan plan(ClusterDesired desired) {
    wire(desired);
    LiveState live = observer.observe(desired);
    return new Planner(new RebootPredictor()).plan(desired, live);
  }

  private static String image(Pod p) {
    return p.getSpec().getContainers().get(0).getImage();
  }

  @Test
  void anUpgradeFrom133To134GoesInTalosctlsOrderAndEndsWithTheBootstrapManifests() throws Exception {
    RolloutOutcome first = converge(desired("v1.33.4"), Duration.ofMinutes(5));
    assertThat(first.kind()).as(first.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(kube.admin().nodes().list().getItems()).hasSize(6)
        .allSatisfy(n -> assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.33.4"));
    acted.clear();
    java.time.Instant upgradeStarted = sim.clock.now();

    ClusterDesired v134 = desired("v1.34.1");
    Plan shown = plan(v134);
    assertThat(shown.waves()).extracting(w -> w.actions().get(0).kind() + " " + w.actions().get(0).node())
        .containsExactly("K8S_CONTROL_PLANE cp-1", "K8S_CONTROL_PLANE cp-2", "K8S_CONTROL_PLANE cp-3",
            "K8S_KUBELET cp-1", "K8S_KUBELET cp-2", "K8S_KUBELET cp-3", "K8S_KUBELET worker-1",
            "K8S_KUBELET worker-2", "K8S_KUBELET worker-3", "K8S_BOOTSTRAP_MANIFESTS cp-1");

    RolloutOutcome o = converge(v134, Duration.ofMinutes(5));
    assertThat(o.kind()).as(o.toString()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    assertThat(acted).extracting(a -> a.kind() + " " + a.node()).containsExactly("K8S_CONTROL_PLANE cp-1",
        "K8S_CONTROL_PLANE cp-2", "K8S_CONTROL_PLANE cp-3", "K8S_KUBELET cp-1", "K8S_KUBELET cp-2",
        "K8S_KUBELET cp-3", "K8S_KUBELET worker-1", "K8S_KUBELET worker-2", "K8S_KUBELET worker-3",
        "K8S_BOOTSTRAP_MANIFESTS cp-1");
    sim.fleet.kubeRound();
    assertThat(kube.admin().nodes().list().getItems())
        .allSatisfy(n -> assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.34.1"));
    assertThat(kube.admin().pods().inNamespace("kube-system").withLabel("tier", "control-plane").list().getItems())
        .hasSize(9).allSatisfy(p -> assertThat(image(p)).endsWith(":v1.34.1"));
    assertThat(kube.admin().getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.1");
    var proxy = kube.admin().apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get();
    assertThat(proxy).as("kube-proxy applied from Talos's bootstrap manifests").isNotNull();
    assertThat(proxy.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":v1.34.1");
    assertThat(kube.admin().namespaces().withName("kube-system").get().getMetadata().getAnnotations())
        .containsEntry("plumb.dev/bootstrap-manifests", "v1.34.1");
    // no node rebooted for it
    assertThat(sim.fleet.record().events(dev.plumb.sim.SimRecord.Type.DOWN))
        .noneMatch(e -> !e.at().isBefore(upgradeStarted));
    assertThat(plan(v134).inSync()).isTrue();
  }

  @Test
  void aSkipToTheNextButOneMinorIsRefusedAndNothingIsTouched() throws Exception {
    assertThat(converge(desired("v1.33.4"), Duration.ofMinutes(5)).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    acted.clear();
    RolloutOutcome o = converge(desired("v1.35.0"), Duration.ofSeconds(10));
    assertThat(o.kind()).isEqualTo(RolloutOutcome.Kind.TIMED_OUT);
    assertThat(o.why()).contains("Kubernetes v1.33.4 -> v1.35.0 skips a minor version").contains("upgrade to 1.34 first");
    assertThat(acted).isEmpty();
  }

  @Test
  void aLiveObjectOfAnApiTheTargetRemovesIsFoundAndNamed() throws Exception {
    assertThat(converge(desired("v1.31.5"), Duration.ofMinutes(5)).kind()).isEqualTo(RolloutOutcome.Kind.CONVERGED);
    GenericKubernetesResource legacy = new GenericKubernetesResourceBuilder()
        .withApiVersion("flowcontrol.apiserver.k8s.io/v1beta3").withKind("FlowSchema")
        .withNewMetadata().withName("legacy-exempt").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("priorityLevelConfiguration", Map.of("name", "exempt"))))
        .build();
    kube.admin().genericKubernetesResources("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema").resource(legacy)
        .create();
    // stored once, written by its manager through the served v1: it survives the upgrade and is not named
    GenericKubernetesResource migrated = new GenericKubernetesResourceBuilder()
        .withApiVersion("flowcontrol.apiserver.k8s.io/v1beta3").withKind("FlowSchema")
        .withNewMetadata().withName("migrated").addNewManagedField().withManager("helm").withOperation("Apply")
        .withApiVersion("flowcontrol.apiserver.k8s.io/v1").endManagedField().endMetadata().build();
    kube.admin().genericKubernetesResources("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema").resource(migrated)
        .create();
    Plan p = plan(desired("v1.32.0"));
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason().orElseThrow()).doesNotContain("migrated");
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("removed API: live FlowSchema"
        + " legacy-exempt uses flowcontrol.apiserver.k8s.io/v1beta3, removed in Kubernetes 1.32"));
  }
}
