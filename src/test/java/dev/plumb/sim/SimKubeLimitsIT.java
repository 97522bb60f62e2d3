package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * What the simulated Kubernetes API does not model, pinned down so that a test relying on it fails
 * loudly: fabric8's own CRUD mock refuses server-side apply; SimKube accepts it but without field
 * ownership, so two field managers setting the same field do not conflict (a real API server answers
 * 409 "Apply failed with 1 conflict"); no admission or validation; no garbage collection of owned objects.
 */
class SimKubeLimitsIT {
  private static ConfigMap cm(String value) {
    return new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default").endMetadata()
        .addToData("mode", value).build();
  }

  @Test
  void fabric8sOwnCrudModeRefusesServerSideApply() {
    KubernetesMockServer stock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    stock.init();
    try (KubernetesClient client = stock.createClient()) {
      assertThatThrownBy(() -> client.resource(cm("a")).fieldManager("plumb").serverSideApply())
          .isInstanceOf(KubernetesClientException.class);
    } finally {
      stock.destroy();
    }
  }

  @Test
  void applyHasNoFieldOwnershipSoConflictingManagersBothWin() {
    try (SimKube kube = SimKube.start()) {
      KubernetesClient c = kube.admin();
      c.resource(cm("a")).fieldManager("plumb").serverSideApply();
      // a real API server refuses this without force: 409, conflict with "plumb" on .data.mode
      ConfigMap after = c.resource(cm("b")).fieldManager("kubectl").serverSideApply();

      assertThat(after.getData()).containsEntry("mode", "b");
      ConfigMap live = c.configMaps().inNamespace("default").withName("settings").get();
      assertThat(live.getData()).containsEntry("mode", "b");
      assertThat(live.getMetadata().getManagedFields()).isNullOrEmpty();
    }
  }

  @Test
  void noAdmissionAndNoGarbageCollection() {
    try (SimKube kube = SimKube.start()) {
      KubernetesClient c = kube.admin();
      // no selector and no containers: a real API server answers 422 Invalid
      Deployment invalid = new DeploymentBuilder().withNewMetadata().withName("empty").withNamespace("default")
          .endMetadata().withNewSpec().endSpec().build();
      c.resource(invalid).create();
      assertThat(c.apps().deployments().inNamespace("default").withName("empty").get()).isNotNull();

      var rs = c.resource(new ReplicaSetBuilder().withNewMetadata().withName("web-1").withNamespace("default")
          .endMetadata().withNewSpec().endSpec().build()).create();
      c.resource(new PodBuilder().withNewMetadata().withName("web-1-x").withNamespace("default")
          .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("web-1")
          .withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata().build()).create();
      c.apps().replicaSets().inNamespace("default").withName("web-1").delete();
      // the garbage collector would delete the pod whose owner is gone
      assertThat(c.pods().inNamespace("default").withName("web-1-x").get()).isNotNull();
    }
  }
}
