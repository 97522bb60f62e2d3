package dev.plumb.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubePolicyFileTest {
  @Test
  void defaultsAreTheSafeOnesWhenTheSectionIsAbsent() {
    KubePolicy k = WindowsFileTest.load("apps: []\n").kubernetes();
    assertThat(k).isEqualTo(KubePolicy.defaults());
    assertThat(k.prune()).isTrue();
    assertThat(k.forceConflicts()).isFalse();
    assertThat(k.drain()).isTrue();
    assertThat(k.proceedOnDrainTimeout()).isFalse();
  }

  @Test
  void readsEveryField() {
    KubePolicy k = WindowsFileTest.load("""
        kubernetes:
          prune: false
          forceConflicts: true
          drift: report
          healthTimeout: 90s
          drain:
            enabled: false
            timeout: 2m
            onTimeout: proceed
        """).kubernetes();
    assertThat(k).isEqualTo(new KubePolicy(false, true, false, Duration.ofSeconds(90), false, Duration.ofMinutes(2),
        true));
  }

  @Test
  void badValuesAreNamedWithFileLineAndField() {
    assertThat(WindowsFileTest.problems("""
        kubernetes:
          drift: fix
          healthTimeout: soon
          drain:
            onTimeout: wait
            grace: 1m
          pruning: true
        """)).containsExactlyInAnyOrder(
            "clusters/home/plumb.yaml:2:10: kubernetes.drift: expected correct or report",
            "clusters/home/plumb.yaml:3:18: kubernetes.healthTimeout: expected a duration such as 90s or 10m",
            "clusters/home/plumb.yaml:5:16: kubernetes.drain.onTimeout: expected halt or proceed",
            "clusters/home/plumb.yaml:6:5: kubernetes.drain.grace: unknown field (known: enabled, timeout, onTimeout)",
            "clusters/home/plumb.yaml:7:3: kubernetes.pruning: unknown field (known: prune, forceConflicts, drift,"
                + " healthTimeout, drain)");
  }
}
