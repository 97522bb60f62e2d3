package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.kube.Inventory;
import dev.plumb.kube.KubeAccess;
import dev.plumb.kube.KubeClient;
import dev.plumb.kube.Manifest;
import dev.plumb.observe.LiveState;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.render.ClusterDesired;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MANIFESTS_HEALTHY on a client that answers from a map: healthy objects pass, a failed one fails
 * at once naming it, a progressing one is pending and fails at {@code kubernetes.healthTimeout}
 * (not the node gate timeout); the inventory keeps reading its old lines.
 */
class ManifestGateTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ResourceKey DEPLOY = new ResourceKey("apps", "Deployment", "hello", "hello");
  static final ResourceKey CM = new ResourceKey("", "ConfigMap", "hello", "conf");
  final Map<String, Map<String, Object>> objects = new HashMap<>();

  /** A client whose get answers from {@link #objects} (by "kind/ns/name"); everything else is not used here. */
  KubeClient client() {
    return (KubeClient) Proxy.newProxyInstance(KubeClient.class.getClassLoader(), new Class<?>[] {KubeClient.class},
        (proxy, m, args) -> switch (m.getName()) {
          case "get" -> Optional.ofNullable(objects.get(args[1] + "/" + args[2] + "/" + args[3]));
          case "apply" -> {
            Manifest mf = (Manifest) args[0];
            objects.put(mf.key().kind() + "/" + mf.key().namespace() + "/" + mf.key().name(), mf.body());
            yield mf.body();
          }
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  static Map<String, Object> deployment(String available, String progressingReason) {
    return Map.of("apiVersion", "apps/v1", "kind", "Deployment",
        "metadata", Map.of("name", "hello", "namespace", "hello", "generation", 1),
        "spec", Map.of("replicas", 2),
        "status", Map.of("observedGeneration", 1, "replicas", 2, "updatedReplicas", 2, "readyReplicas",
            available.equals("True") ? 2 : 0, "availableReplicas", available.equals("True") ? 2 : 0,
            "conditions", List.of(Map.of("type", "Available", "status", available),
                Map.of("type", "Progressing", "status", progressingReason.equals("ProgressDeadlineExceeded")
                    ? "False" : "True", "reason", progressingReason))));
  }

  GateEvaluator gates(ClusterDesired desired) {
    Action a = new Action(Action.Kind.APPLY_MANIFESTS, "", false, false, "1 to create");
    Acted acted = new Acted("applied", false, "", false, List.of(CM, DEPLOY), false);
    return new GateEvaluator(desired, List.of(new GateEvaluator.Tracked(a, acted, T0)), true, KubeAccess.of(client()));
  }

  static LiveState live() {
    return new LiveState("demo", T0, List.of());
  }

  @Test
  void healthyPassesFailedFailsAtOnceProgressingTimesOutAtTheHealthTimeout() {
    ClusterDesired desired = DemoDesired.render(Map.of("clusters/demo/plumb.yaml",
        "provision: true\nrollout:\n  gateTimeout: 30m\nkubernetes:\n  healthTimeout: 2m\n"));
    objects.put("ConfigMap/hello/conf", Map.of("apiVersion", "v1", "kind", "ConfigMap",
        "metadata", Map.of("name", "conf", "namespace", "hello")));
    objects.put("Deployment/hello/hello", deployment("False", "ReplicaSetUpdated"));
    GateEvaluator g = gates(desired);
    GateEvaluator.Verdict waiting = g.evaluate(live(), T0.plusSeconds(60));
    assertThat(waiting.gate()).isEqualTo(Gate.MANIFESTS_HEALTHY);
    assertThat(waiting.node()).isEmpty();
    assertThat(waiting.result().state()).isEqualTo(GateResult.State.PENDING);
    assertThat(waiting.result().why()).startsWith("1 of 2 objects not healthy yet: Deployment.apps hello/hello");
    GateEvaluator.Verdict late = g.evaluate(live(), T0.plusSeconds(121));
    assertThat(late.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(late.result().why()).startsWith("timed out after 120s: 1 of 2 objects not healthy yet");

    objects.put("Deployment/hello/hello", deployment("True", "NewReplicaSetAvailable"));
    assertThat(gates(desired).evaluate(live(), T0.plusSeconds(1)).result().state()).isEqualTo(GateResult.State.PASSED);

    objects.put("Deployment/hello/hello", deployment("False", "ProgressDeadlineExceeded"));
    GateEvaluator.Verdict failed = gates(desired).evaluate(live(), T0.plusSeconds(1));
    assertThat(failed.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(failed.result().why()).startsWith("Deployment.apps hello/hello failed:");
  }

  @Test
  void withoutAClientTheGateWaitsAndSaysWhy() {
    ClusterDesired desired = DemoDesired.render(Map.of());
    Action a = new Action(Action.Kind.APPLY_MANIFESTS, "", false, false, "1 to create");
    GateEvaluator g = new GateEvaluator(desired, List.of(new GateEvaluator.Tracked(a,
        new Acted("applied", false, "", false, List.of(DEPLOY), false), T0)), true, KubeAccess.none("no control plane answers yet"));
    assertThat(g.evaluate(live(), T0.plusSeconds(1)).result().why())
        .isEqualTo("Kubernetes API not reachable: no control plane answers yet");
  }

  @Test
  void theInventoryRecordsTheAppliedDigestAndReadsLinesWithoutOne() {
    KubeClient c = client();
    objects.put("ConfigMap/kube-system/plumb-inventory", Map.of("apiVersion", "v1", "kind", "ConfigMap",
        "metadata", Map.of("name", "plumb-inventory", "namespace", "kube-system"),
        "data", Map.of("inventory", "apps/v1 Deployment hello hello created\nv1 ConfigMap hello conf adopted abc123")));
    Map<ResourceKey, Inventory.Entry> read = Inventory.read(c);
    assertThat(read.get(DEPLOY)).isEqualTo(new Inventory.Entry("apps/v1", DEPLOY, true, ""));
    assertThat(read.get(CM)).isEqualTo(new Inventory.Entry("v1", CM, false, "abc123"));
    Inventory.write(c, Map.of(DEPLOY, new Inventory.Entry("apps/v1", DEPLOY, true, "f00d")));
    assertThat(Inventory.read(c).get(DEPLOY).sha256()).isEqualTo("f00d");
  }
}
