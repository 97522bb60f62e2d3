package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Fabric8KubeClient;
import dev.plumb.kube.Health;
import dev.plumb.kube.HealthChecker;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.Manifest;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.GrpcTalosClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Control planes serve Talos's bootstrap manifests (Manifests.kubernetes.talos.dev in namespace
 * controlplane) read through plumb's Talos client, following the live config; applied into the
 * simulated Kubernetes API, kube-proxy and CoreDNS become healthy as other workloads do.
 */
class SimBootstrapManifestsIT {
  private static final String TYPE = "Manifests.kubernetes.talos.dev";

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(List<String> specs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String s : specs) {
      out.addAll((List<Map<String, Object>>) new Load(LoadSettings.builder().build()).loadFromString(s));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> find(List<Map<String, Object>> objs, String kind, String name) {
    return objs.stream().filter(o -> kind.equals(o.get("kind"))
        && name.equals(((Map<String, Object>) o.get("metadata")).get("name"))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static String image(Map<String, Object> workload) {
    Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) workload
        .get("spec")).get("template")).get("spec");
    return String.valueOf(((List<Map<String, Object>>) spec.get("containers")).get(0).get("image"));
  }

  @Test
  void controlPlanesServeTheManifestsWorkersNone() {
    try (SimHarness sim = SimHarness.preconfigured(2, 1)) {
      GrpcTalosClient talos = sim.client("os:reader");
      List<Map<String, Object>> objs = objects(talos.resourceYamls(sim.direct("cp-1"), "controlplane", TYPE));

      assertThat(image(find(objs, "DaemonSet", "kube-proxy"))).isEqualTo("registry.k8s.io/kube-proxy:v1.34.1");
      assertThat(image(find(objs, "Deployment", "coredns"))).isEqualTo(SimKubeConfig.COREDNS_DEFAULT);
      assertThat(find(objs, "Service", "kube-dns")).isNotNull();
      assertThat(find(objs, "DaemonSet", "kube-flannel")).isNotNull();
      assertThat(talos.resourceYaml(sim.direct("cp-1"), "controlplane", TYPE, "10-kube-proxy"))
          .contains("image: registry.k8s.io/kube-proxy:v1.34.1");
      assertThat(talos.resourceYamls(sim.direct("worker-1"), "controlplane", TYPE)).isEmpty();
    }
  }

  @Test
  void theManifestsFollowTheLiveConfig() {
    try (SimHarness sim = SimHarness.preconfigured(1, 1)) {
      GrpcTalosClient admin = sim.client("os:admin");
      SimulatedNode cp = sim.fleet.node("cp-1");
      admin.applyConfiguration(sim.direct("cp-1"), SimKubeStaticPodsIT.withClusterField(cp,
          "  proxy:\n    image: registry.k8s.io/kube-proxy:v1.35.0\n  coreDNS:\n    disabled: true\n"
              + "  network:\n    cni:\n      name: none\n"), ApplyMode.AUTO, false, null);

      List<Map<String, Object>> objs = objects(admin.resourceYamls(sim.direct("cp-1"), "controlplane", TYPE));
      assertThat(image(find(objs, "DaemonSet", "kube-proxy"))).isEqualTo("registry.k8s.io/kube-proxy:v1.35.0");
      assertThat(objs).noneMatch(o -> "Deployment".equals(o.get("kind")));
      assertThat(objs).noneMatch(o -> "DaemonSet".equals(o.get("kind")) && String.valueOf(o.get("metadata"))
          .contains("kube-flannel"));
    }
  }

  @Test
  void theProtoSpecHoldsTheSameObjectsAsStructs() throws Exception {
    var objs = List.<Map<String, Object>>of(Map.of("apiVersion", "v1", "kind", "ConfigMap",
        "metadata", Map.of("name", "a", "namespace", "kube-system"), "data", Map.of("k", "v")));
    var r = SimBootstrapManifests.resource("11-x", objs);
    UnknownFieldSet spec = UnknownFieldSet.parseFrom(r.getSpec().getProtoSpec());
    var items = spec.getField(1).getLengthDelimitedList();
    assertThat(items).hasSize(1);
    Struct object = Struct.parseFrom(UnknownFieldSet.parseFrom(items.get(0)).getField(1)
        .getLengthDelimitedList().get(0));
    assertThat(object.getFieldsOrThrow("kind").getStringValue()).isEqualTo("ConfigMap");
    assertThat(object.getFieldsOrThrow("metadata").getStructValue().getFieldsOrThrow("name").getStringValue())
        .isEqualTo("a");
    assertThat(r.getSpec().getYamlSpec()).startsWith("- apiVersion: v1\n");
  }

  @Test
  void appliedKubeProxyAndCoreDnsSettleHealthy() {
    try (SimHarness sim = SimHarness.preconfigured(1, 1); SimKube kube = SimKube.start();
        KubeClient client = Fabric8KubeClient.fromKubeconfig(kube.kubeconfig())) {
      List<Map<String, Object>> objs = objects(sim.client("os:reader")
          .resourceYamls(sim.direct("cp-1"), "controlplane", TYPE));
      for (Map<String, Object> o : objs) {
        @SuppressWarnings("unchecked")
        Map<String, Object> md = (Map<String, Object>) o.get("metadata");
        String apiVersion = String.valueOf(o.get("apiVersion"));
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        client.apply(new Manifest(new ResourceKey(group, String.valueOf(o.get("kind")),
            String.valueOf(md.getOrDefault("namespace", "")), String.valueOf(md.get("name"))), apiVersion, o), false);
      }
      Map<String, Object> proxy = client.get("apps/v1", "DaemonSet", "kube-system", "kube-proxy").orElseThrow();
      assertThat(HealthChecker.check(proxy).state()).isNotEqualTo(Health.State.HEALTHY);

      kube.workloads().settle();

      assertThat(HealthChecker.check(client.get("apps/v1", "DaemonSet", "kube-system", "kube-proxy").orElseThrow())
          .state()).isEqualTo(Health.State.HEALTHY);
      assertThat(HealthChecker.check(client.get("apps/v1", "Deployment", "kube-system", "coredns").orElseThrow())
          .state()).isEqualTo(Health.State.HEALTHY);
    }
  }
}
