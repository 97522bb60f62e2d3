package dev.plumb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kstatus rules per kind (cli-utils pkg/kstatus/status/core.go) and the generic conditions rule. */
class HealthCheckerTest {
  static Map<String, Object> obj(String apiVersion, String kind, Map<String, Object> spec, Map<String, Object> status) {
    return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", "x", "generation", 2),
        "spec", spec, "status", status);
  }

  static Health.State state(Map<String, Object> o) {
    return HealthChecker.check(o).state();
  }

  @Test
  void observedGenerationBehindIsProgressing() {
    assertThat(HealthChecker.check(obj("example.com/v1", "Thing", Map.of(), Map.of("observedGeneration", 1))))
        .isEqualTo(Health.progressing("status is for generation 1, the object is at 2"));
  }

  @Test
  void statefulSetNeedsReadyAndMatchingRevisions() {
    Map<String, Object> spec = Map.of("replicas", 2);
    assertThat(state(obj("apps/v1", "StatefulSet", spec, Map.of("replicas", 2, "readyReplicas", 1))))
        .isEqualTo(Health.State.PROGRESSING);
    assertThat(state(obj("apps/v1", "StatefulSet", spec, Map.of("replicas", 2, "readyReplicas", 2,
        "currentReplicas", 2, "currentRevision", "a", "updateRevision", "b")))).isEqualTo(Health.State.PROGRESSING);
    assertThat(state(obj("apps/v1", "StatefulSet", spec, Map.of("replicas", 2, "readyReplicas", 2,
        "currentReplicas", 2, "currentRevision", "a", "updateRevision", "a")))).isEqualTo(Health.State.HEALTHY);
  }

  @Test
  void daemonSetJobPvcServiceCrdNamespace() {
    assertThat(state(obj("apps/v1", "DaemonSet", Map.of(), Map.of("observedGeneration", 2, "desiredNumberScheduled", 3,
        "currentNumberScheduled", 3, "updatedNumberScheduled", 3, "numberAvailable", 2, "numberReady", 3))))
        .isEqualTo(Health.State.PROGRESSING);
    assertThat(state(obj("batch/v1", "Job", Map.of(), Map.of("conditions",
        List.of(Map.of("type", "Failed", "status", "True", "reason", "BackoffLimitExceeded"))))))
        .isEqualTo(Health.State.FAILED);
    assertThat(state(obj("v1", "PersistentVolumeClaim", Map.of(), Map.of("phase", "Pending"))))
        .isEqualTo(Health.State.PROGRESSING);
    assertThat(state(obj("v1", "Service", Map.of("type", "LoadBalancer"), Map.of())))
        .isEqualTo(Health.State.PROGRESSING);
    assertThat(state(obj("v1", "Service", Map.of("type", "LoadBalancer"),
        Map.of("loadBalancer", Map.of("ingress", List.of(Map.of("ip", "10.0.0.9"))))))).isEqualTo(Health.State.HEALTHY);
    assertThat(state(obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", Map.of(), Map.of("conditions",
        List.of(Map.of("type", "NamesAccepted", "status", "False", "reason", "ListKindConflict"))))))
        .isEqualTo(Health.State.FAILED);
    assertThat(state(obj("v1", "Namespace", Map.of(), Map.of("phase", "Terminating"))))
        .isEqualTo(Health.State.PROGRESSING);
  }

  @Test
  void genericObjectsFollowReadyAndStalled() {
    assertThat(HealthChecker.check(obj("example.com/v1", "Thing", Map.of(), Map.of("observedGeneration", 2,
        "conditions", List.of(Map.of("type", "Ready", "status", "False", "reason", "Waiting"))))))
        .isEqualTo(Health.progressing("Ready is False: Waiting"));
    assertThat(state(obj("example.com/v1", "Thing", Map.of(), Map.of("conditions",
        List.of(Map.of("type", "Stalled", "status", "True")))))).isEqualTo(Health.State.FAILED);
    assertThat(state(obj("example.com/v1", "Thing", Map.of(), Map.of()))).isEqualTo(Health.State.HEALTHY);
    assertThat(state(null)).isEqualTo(Health.State.MISSING);
  }
}
