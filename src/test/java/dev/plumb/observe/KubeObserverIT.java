package dev.plumb.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Drift;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.TalosKubeAccess;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.KubeObject;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.Policy;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimHarness;
import dev.plumb.sim.SimKube;
import dev.plumb.sim.SimKubeNodes;
import dev.plumb.sim.SimulatedNode;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.TalosChannels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes half of an observation, against the simulated fleet and its simulated Kubernetes API. */
class KubeObserverIT {
  SimHarness sim;
  ExecutorService pool;
  GrpcTalosClient admin;
  Observer observer;
  SimKube own;

  @BeforeEach
  void start() {
    sim = new SimHarness(FleetSpec.of(3, 1).preconfigured(true));
    pool = Executors.newFixedThreadPool(4);
    admin = sim.track(new GrpcTalosClient(TalosChannels.forContext(sim.fleet.clientContext(List.of("os:admin"))),
        new GrpcTalosClient.Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60))));
    observer = new Observer(admin, sim.insecureClient(), sim.fleet.port(), pool, () -> sim.clock.now());
  }

  @AfterEach
  void stop() {
    observer.kube().close();
    pool.shutdownNow();
    if (own != null) {
      own.close();
    }
    sim.close();
  }

  /** A Kubernetes API of the test's own (no follower resetting the Nodes), reached with its kubeconfig. */
  private SimKube ownKube() {
    own = SimKube.start();
    SimKubeNodes.sync(own, sim.fleet, "v1.34.1");
    observer.withKube(TalosKubeAccess.configured(own.kubeconfig(), "test kubeconfig", Clock.systemUTC()));
    return own;
  }

  @Test
  void theKubeconfigComesFromAControlPlaneOverTalosAndNeverLandsOnDisk() throws IOException {
    Instant started = Instant.now().minusSeconds(1);
    SimKube kube = sim.fleet.attachKube("v1.34.1");
    sim.fleet.kubeRound();
    observer.withKube(TalosKubeAccess.talos(admin, observer::controlPlanesUp, Clock.systemUTC()));
    LiveState live = observer.observe(desired(List.of()));
    assertThat(live.kube().reachable()).as(live.kube().detail()).isTrue();
    assertThat(live.kube().nodes()).containsOnlyKeys("cp-1", "worker-1", "worker-2");
    assertThat(live.kube().nodeNames()).containsEntry("worker-1", "worker-1").hasSize(3);
    assertThat(live.kube().node("worker-2").orElseThrow().kubeletVersion()).isEqualTo("v1.34.1");
    LiveState gated = observer.observe(desired(List.of()), Set.of("worker-1"));
    assertThat(gated.node("worker-1").orElseThrow().kubeNode()).isEqualTo(NodeLive.KubeNode.READY);
    // the kubeconfig names the cluster's context: no file written since the test started holds it
    String marker = "current-context: admin@" + sim.fleet.nodes().get(0).clusterName();
    List<Path> roots = List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home"), ".kube"));
    for (Path root : roots) {
      assertThat(filesHolding(root, marker, started)).as("files under " + root).isEmpty();
    }
  }

  @Test
  void aNodeNotReadyInKubernetesIsNotReadyEvenWhenTalosSaysReady() {
    SimKube kube = ownKube();
    kube.admin().nodes().withName("worker-1").edit(n -> new NodeBuilder(n).editStatus().editFirstCondition()
        .withStatus("False").withReason("KubeletNotReady").withMessage("container runtime network not ready")
        .endCondition().endStatus().build());
    LiveState live = observer.observe(desired(List.of()), Set.of("worker-1", "worker-2"));
    assertThat(live.node("worker-1").orElseThrow().kubeNode()).isEqualTo(NodeLive.KubeNode.NOT_READY);
    assertThat(live.kube().node("worker-1").orElseThrow().reason()).isEqualTo(
        "Ready is False: KubeletNotReady, container runtime network not ready");
    assertThat(live.node("worker-2").orElseThrow().kubeNode()).isEqualTo(NodeLive.KubeNode.READY);
    // Talos's NodeStatus still says ready: without the Kubernetes API the observer would pass it
    LiveState talosOnly = observer.withKube(KubeAccess.none("test")).observe(desired(List.of()), Set.of("worker-1"));
    assertThat(talosOnly.node("worker-1").orElseThrow().kubeNode()).isEqualTo(NodeLive.KubeNode.READY);
  }

  @Test
  void aNodeWithTheUnreachableTaintIsNotReadyAndAnUnknownNodeIsPending() {
    SimKube kube = ownKube();
    kube.admin().nodes().withName("worker-2").edit(n -> new NodeBuilder(n).editSpec().addNewTaint()
        .withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").endTaint().endSpec().build());
    kube.admin().nodes().withName("worker-1").delete();
    LiveState live = observer.observe(desired(List.of()), Set.of("worker-1", "worker-2"));
    assertThat(live.node("worker-2").orElseThrow().kubeNode()).isEqualTo(NodeLive.KubeNode.NOT_READY);
    assertThat(live.kube().node("worker-2").orElseThrow().reason()).isEqualTo("tainted node.kubernetes.io/unreachable");
    assertThat(live.node("worker-1").orElseThrow().kubeNode()).as("no Node registered: pending, not failed")
        .isEqualTo(NodeLive.KubeNode.UNKNOWN);
  }

  @Test
  void staticPodsAreTheMirrorPodsOfKubeSystem() {
    SimKube kube = ownKube(); // the simulator's control plane runs its static pods (mirror pods in kube-system)
    kube.admin().pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata()
        .withName("coredns-1").withNamespace("kube-system").addToLabels("k8s-app", "kube-dns").endMetadata()
        .withNewSpec().withNodeName("cp-1").addNewContainer().withName("coredns").withImage("coredns").endContainer()
        .endSpec().build()).create();
    LiveState live = observer.observe(desired(List.of()), Set.of("cp-1"));
    assertThat(live.kube().staticPods()).extracting(KubeLive.StaticPod::component).as("mirror pods only")
        .containsExactlyInAnyOrder("kube-apiserver", "kube-controller-manager", "kube-scheduler");
    assertThat(live.kube().staticPods()).allSatisfy(p -> {
      assertThat(p.node()).isEqualTo("cp-1");
      assertThat(p.image()).startsWith("registry.k8s.io/" + p.component() + ":v");
    });
  }

  @Test
  void driftOfDesiredObjectsIsReportedWithSecretValuesMaskedInFullObservationsOnly() {
    SimKube kube = ownKube();
    kube.admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("app").withNamespace("default").endMetadata().addToData("mode", "fast").build()).create();
    kube.admin().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
        .withName("app-token").withNamespace("default").endMetadata()
        .addToData("token", Base64.getEncoder().encodeToString("live-s3cr3t".getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    List<KubeObject> objects = List.of(
        object("ConfigMap", "app", Map.of("data", Map.of("mode", "safe"))),
        object("Secret", "app-token", Map.of("stringData", Map.of("token", "git-s3cr3t"))),
        object("ConfigMap", "absent", Map.of("data", Map.of("a", "b"))));
    LiveState live = observer.observe(desired(objects));
    assertThat(live.kube().drift()).extracting(d -> d.key().name()).containsExactlyInAnyOrder("app", "app-token",
        "absent");
    Drift cm = live.kube().drift().stream().filter(d -> d.key().name().equals("app")).findFirst().orElseThrow();
    assertThat(cm.fields()).containsExactly(new Drift.Field("data.mode", "safe", "fast"));
    Drift secret = live.kube().drift().stream().filter(d -> d.key().name().equals("app-token")).findFirst()
        .orElseThrow();
    assertThat(secret.fields()).isNotEmpty().allSatisfy(f -> {
      assertThat(f.applied()).isEqualTo(Drift.MASKED);
      assertThat(f.live()).isEqualTo(Drift.MASKED);
    });
    assertThat(live.kube().toString()).doesNotContain("s3cr3t").doesNotContain(
        Base64.getEncoder().encodeToString("live-s3cr3t".getBytes(StandardCharsets.UTF_8)));
    assertThat(live.kube().drift().stream().filter(d -> d.key().name().equals("absent")).findFirst().orElseThrow()
        .missing()).isTrue();
    assertThat(observer.observe(desired(objects), Set.of("cp-1")).kube().drift()).as("gated: no drift read").isEmpty();
  }

  @Test
  void anApiServerThatDoesNotAnswerIsUnreachableWithTheReasonAndTalosDecidesNodeReadiness() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String config = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:"
        + closed + "\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\n"
        + "current-context: c\n";
    observer.withKube(TalosKubeAccess.configured(config.getBytes(StandardCharsets.UTF_8), "test", Clock.systemUTC()));
    LiveState live = observer.observe(desired(List.of()), Set.of("worker-1"));
    assertThat(live.kube().reachable()).isFalse();
    assertThat(live.kube().detail()).startsWith("the Kubernetes API did not answer: list Node in v1");
    assertThat(live.node("worker-1").orElseThrow().kubeNode()).as("Talos's NodeStatus")
        .isEqualTo(NodeLive.KubeNode.READY);
    // the client was dropped: the next observation says why without calling the API again
    LiveState next = observer.observe(desired(List.of()), Set.of("worker-1"));
    assertThat(next.kube().detail()).contains("the Kubernetes API did not answer").contains("trying again in");
  }

  private static List<Path> filesHolding(Path root, String marker, Instant since) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, 6)) {
      files.filter(Files::isRegularFile).forEach(p -> {
        try {
          if (Files.getLastModifiedTime(p).toInstant().isAfter(since) && Files.size(p) < 1_000_000
              && new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(marker)) {
            out.add(p);
          }
        } catch (IOException | RuntimeException e) {
          // unreadable: not ours
        }
      });
    } catch (java.io.UncheckedIOException e) {
      // a directory that vanished while walking
    }
    return out;
  }

  private static KubeObject object(String kind, String name, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", kind);
    body.put("metadata", Map.of("name", name, "namespace", "default"));
    body.putAll(fields);
    return new KubeObject(new ResourceKey("", kind, "default", name), "v1", "apps/test/" + name + ".yaml",
        Sensitive.of(body), "sha-" + name);
  }

  private ClusterDesired desired(List<KubeObject> objects) {
    List<NodeConfig> nodes = new ArrayList<>();
    for (SimulatedNode node : sim.fleet.nodes()) {
      byte[] bytes = node.activeConfig().orElseThrow().raw();
      nodes.add(new NodeConfig(node.name(), List.of(node.address()), node.controlPlane(), node.name() + ".yaml",
          Sensitive.of(bytes), CanonicalYaml.canonicalSha(bytes), List.of("v1alpha1"),
          "ghcr.io/siderolabs/installer:v1.13.9", "v1.13.9"));
    }
    return new ClusterDesired("sim", "talconfig.yaml", "v1.13.9", "v1.34.1", "https://127.77.0.1:6443", nodes,
        objects, Policy.defaults(), null);
  }
}
