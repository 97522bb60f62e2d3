package dev.plumb.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.ClusterDesired;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan says how nodes are drained before a reboot, from plumb.yaml's kubernetes.drain. */
class DrainNoteTest {
  private static Plan plan(String plumbYaml) {
    ClusterDesired d = DemoDesired.render(Map.of("clusters/demo/plumb.yaml", plumbYaml));
    return new Planner(new RebootPredictor()).plan(d, PlannerTest.live(d, l -> l), ClusterHistory.none());
  }

  @Test
  void theDefaultsAreShownEvenWhenInSync() {
    Plan p = plan("provision: true\n");
    assertThat(p.inSync()).isTrue();
    assertThat(p.notes()).contains("drain before reboot: on (timeout 5m, onTimeout halt)");
  }

  @Test
  void thePolicysTimeoutAndChoiceOrOff() {
    assertThat(plan("kubernetes:\n  drain:\n    timeout: 90s\n    onTimeout: proceed\n").notes())
        .contains("drain before reboot: on (timeout 1m30s, onTimeout proceed)");
    assertThat(plan("kubernetes:\n  drain:\n    enabled: false\n").notes())
        .contains("drain before reboot: off (kubernetes.drain.enabled: false)");
  }
}
