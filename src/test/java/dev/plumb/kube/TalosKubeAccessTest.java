package dev.plumb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.fleet.PlumbException;
import dev.plumb.talos.Endpoint;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosClient;
import dev.plumb.talos.TalosException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cached client, its drop on a failed connection, and the rate limit on fetching a kubeconfig again. */
class TalosKubeAccessTest {
  final StepClock clock = new StepClock();
  final AtomicInteger fetches = new AtomicInteger();
  final List<FakeClient> built = new ArrayList<>();

  TalosKubeAccess access(boolean fetchFails) {
    return new TalosKubeAccess(() -> {
      fetches.incrementAndGet();
      if (fetchFails) {
        throw new PlumbException("no control plane answers over the Talos API yet");
      }
      return "kubeconfig".getBytes(StandardCharsets.UTF_8);
    }, bytes -> {
      FakeClient c = new FakeClient();
      built.add(c);
      return c.client;
    }, clock, Duration.ofSeconds(10));
  }

  @Test
  void theClientIsKeptUntilItFailsToConnectThenFetchedAgainAtMostEveryTenSeconds() {
    TalosKubeAccess a = access(false);
    KubeClient first = a.client().orElseThrow();
    assertThat(a.client()).containsSame(first);
    assertThat(a.why()).isEmpty();
    assertThat(fetches).hasValue(1);
    // a refusal about the request (404, 409, 422) is not the client's fault: kept
    a.failed(new KubeException(404, "get ConfigMap/x: not found"));
    assertThat(a.client()).containsSame(first);
    // the API server did not answer: dropped and closed, not fetched again within 10 s
    a.failed(new KubeException(0, "list Node in v1: the API server did not answer (ConnectException)"));
    assertThat(built.get(0).closed).isTrue();
    clock.pause(Duration.ofSeconds(3));
    assertThat(a.client()).as("fetched 3 s ago: too soon").isEmpty();
    assertThat(a.why()).contains("the Kubernetes API did not answer: list Node in v1").contains("trying again in 7s");
    assertThat(fetches).hasValue(1);
    clock.pause(Duration.ofSeconds(7));
    KubeClient second = a.client().orElseThrow();
    assertThat(second).isNotSameAs(first);
    assertThat(fetches).hasValue(2);
    a.close();
    assertThat(built.get(1).closed).isTrue();
    assertThat(a.client()).isEmpty();
  }

  @Test
  void aFailedFetchSaysWhyAndIsNotRetriedOnEveryObservation() {
    TalosKubeAccess a = access(true);
    for (int i = 0; i < 20; i++) {
      assertThat(a.client()).isEmpty();
      clock.pause(Duration.ofMillis(400));
    }
    assertThat(fetches).as("20 observations in 8 s: one fetch").hasValue(1);
    assertThat(a.why()).startsWith("no control plane answers over the Talos API yet");
    clock.pause(Duration.ofSeconds(2));
    assertThat(a.client()).isEmpty();
    assertThat(fetches).hasValue(2);
  }

  @Test
  void withNoControlPlaneToAskNothingIsRateLimitedSoTheFirstOneUpIsAskedAtOnce() {
    List<NodeTarget> up = new ArrayList<>();
    NodeTarget cp1 = NodeTarget.direct(new Endpoint("10.5.0.2", 50000));
    AtomicInteger calls = new AtomicInteger();
    TalosKubeAccess a = new TalosKubeAccess(() -> {
      if (up.isEmpty()) {
        return TalosKubeAccess.fetch(null, up); // no control plane: throws before any call
      }
      calls.incrementAndGet();
      return "kubeconfig".getBytes(StandardCharsets.UTF_8);
    }, bytes -> new FakeClient().client, clock, Duration.ofSeconds(10));
    assertThat(a.client()).isEmpty();
    assertThat(a.why()).startsWith("no control plane answers over the Talos API yet").doesNotContain("trying again");
    clock.pause(Duration.ofSeconds(1));
    up.add(cp1); // the bring-up's control planes answer a second later
    assertThat(a.client()).as("asked at once, not 10 s later").isPresent();
    assertThat(calls).hasValue(1);
  }

  @Test
  void theTalosSourceAsksEachAnsweringControlPlaneInTurnAndNamesEveryError() {
    NodeTarget cp1 = NodeTarget.direct(new Endpoint("10.5.0.2", 50000));
    NodeTarget cp2 = NodeTarget.direct(new Endpoint("10.5.0.3", 50000));
    List<NodeTarget> asked = new ArrayList<>();
    TalosClient talos = (TalosClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {TalosClient.class}, (p, m, args) -> {
          if (!m.getName().equals("kubeconfig")) {
            throw new UnsupportedOperationException(m.getName());
          }
          NodeTarget t = (NodeTarget) args[0];
          asked.add(t);
          if (t.equals(cp1)) {
            throw new TalosException(TalosException.Kind.UNREACHABLE, "10.5.0.2", "10.5.0.2: connection refused");
          }
          return "from cp2".getBytes(StandardCharsets.UTF_8);
        });
    assertThat(new String(TalosKubeAccess.fetch(talos, List.of(cp1, cp2)), StandardCharsets.UTF_8)).isEqualTo("from cp2");
    assertThat(asked).containsExactly(cp1, cp2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TalosKubeAccess.fetch(talos, List.of()))
        .hasMessageContaining("no control plane answers over the Talos API yet");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TalosKubeAccess.fetch(talos, List.of(cp1)))
        .hasMessageContaining("no control plane gave a kubeconfig").hasMessageContaining("connection refused");
  }

  /** A KubeClient that only records being closed. */
  static final class FakeClient {
    boolean closed;
    final KubeClient client = (KubeClient) Proxy.newProxyInstance(KubeClient.class.getClassLoader(),
        new Class<?>[] {KubeClient.class}, (p, m, args) -> {
          if (m.getName().equals("close")) {
            closed = true;
            return null;
          }
          if (m.getName().equals("equals")) {
            return p == args[0];
          }
          if (m.getName().equals("hashCode")) {
            return System.identityHashCode(p);
          }
          throw new UnsupportedOperationException(m.getName());
        });
  }
}
