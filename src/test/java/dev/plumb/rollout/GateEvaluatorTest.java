package dev.plumb.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.EtcdView;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.plan.Action;
import dev.plumb.plan.DemoDesired;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.talos.MachineStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gates pass only on evidence: constructed observations of one worker and one control plane. */
class GateEvaluatorTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static ClusterDesired desired;
  static NodeConfig worker;

  @BeforeAll
  static void render() {
    desired = DemoDesired.render(Map.of("clusters/demo/plumb.yaml",
        "provision: true\nrollout:\n  gateTimeout: 2m\n  upgradeTimeout: 10m\n  settle: 15s\n  tryTimeout: 30s\n"));
    worker = desired.nodes().stream().filter(n -> n.hostname().equals("worker-1")).findFirst().orElseThrow();
  }

  /** worker-1 up, ready, Node Ready, running {@code sha} at {@code version} with boot id {@code boot}. */
  static NodeLive up(String sha, String version, String boot, NodeLive.KubeNode kube) {
    return new NodeLive("worker-1", "10.5.0.4", Reach.UP, sha, version, MachineStage.RUNNING, true, List.of(), false,
        false, "", Sensitive.of(new byte[0]), "", kube, boot, "worker-1", "", EtcdView.unknown("worker"));
  }

  static LiveState live(NodeLive n) {
    return new LiveState("demo", T0, List.of(n));
  }

  static GateEvaluator gates(Action a, Acted acted) {
    return new GateEvaluator(desired, List.of(new GateEvaluator.Tracked(a, acted, T0)), true);
  }

  static Action apply(boolean reboots) {
    return new Action(Action.Kind.APPLY_CONFIG, "worker-1", false, reboots, "");
  }

  @Test
  void aRebootPassesOnlyOnceTheBootIdChanged() {
    GateEvaluator g = gates(apply(true), new Acted("applied", true, "boot-a", false));
    NodeLive sameBoot = up(worker.sha256(), "v1.13.9", "boot-a", NodeLive.KubeNode.READY);
    GateEvaluator.Verdict v = g.evaluate(live(sameBoot), T0.plusSeconds(5));
    assertThat(v.gate()).isEqualTo(Gate.NEW_BOOT);
    assertThat(v.result().why()).isEqualTo("no new boot yet (boot id unchanged)");
    assertThat(g.evaluate(live(up(worker.sha256(), "v1.13.9", "", NodeLive.KubeNode.READY)), T0.plusSeconds(6))
        .result().why()).isEqualTo("boot id not read yet");
    assertThat(g.evaluate(live(up(worker.sha256(), "v1.13.9", "boot-b", NodeLive.KubeNode.READY)), T0.plusSeconds(7))
        .result().state()).isEqualTo(GateResult.State.PASSED);
  }

  @Test
  void aRebootWhoseBootIdCouldNotBeReadBeforeIsJudgedOnTheRest() {
    GateEvaluator g = gates(apply(true), new Acted("applied", true, "", false));
    assertThat(g.evaluate(live(up("old", "v1.13.9", "boot-a", NodeLive.KubeNode.READY)), T0.plusSeconds(1)).gate())
        .isEqualTo(Gate.CONFIG_APPLIED);
    assertThat(g.evaluate(live(up(worker.sha256(), "v1.13.9", "boot-a", NodeLive.KubeNode.READY)), T0.plusSeconds(2))
        .result().state()).isEqualTo(GateResult.State.PASSED);
  }

  @Test
  void aChangeWithoutRebootMustStayHealthyForTheSettlePeriod() {
    GateEvaluator g = gates(apply(false), new Acted("applied", false, "boot-a", false));
    NodeLive good = up(worker.sha256(), "v1.13.9", "boot-a", NodeLive.KubeNode.READY);
    GateEvaluator.Verdict first = g.evaluate(live(good), T0.plusSeconds(20));
    assertThat(first.gate()).as("the first observation after the apply is never enough").isEqualTo(Gate.SETTLED);
    assertThat(g.evaluate(live(good), T0.plusSeconds(30)).gate()).isEqualTo(Gate.SETTLED);
    // a dip restarts the settle period
    NodeLive notReady = new NodeLive("worker-1", "10.5.0.4", Reach.UP, worker.sha256(), "v1.13.9", MachineStage.RUNNING,
        false, List.of("services"), false, false, "", Sensitive.of(new byte[0]), "", NodeLive.KubeNode.READY, "boot-a",
        "worker-1", "", EtcdView.unknown("worker"));
    assertThat(g.evaluate(live(notReady), T0.plusSeconds(36)).gate()).isEqualTo(Gate.MACHINE_READY);
    assertThat(g.evaluate(live(good), T0.plusSeconds(40)).gate()).isEqualTo(Gate.SETTLED);
    assertThat(g.evaluate(live(good), T0.plusSeconds(50)).result().why()).isEqualTo("settling: healthy for 10s of 15s");
    assertThat(g.evaluate(live(good), T0.plusSeconds(55)).result().state()).isEqualTo(GateResult.State.PASSED);
  }

  @Test
  void anUnknownKubernetesNodeIsPendingNeverAPassAndTimesOutAtTheGateTimeout() {
    GateEvaluator g = gates(apply(true), new Acted("applied", true, "boot-a", false));
    NodeLive unknown = up(worker.sha256(), "v1.13.9", "boot-b", NodeLive.KubeNode.UNKNOWN);
    GateEvaluator.Verdict v = g.evaluate(live(unknown), T0.plusSeconds(30));
    assertThat(v.gate()).isEqualTo(Gate.KUBE_NODE_READY);
    assertThat(v.result().state()).isEqualTo(GateResult.State.PENDING);
    GateEvaluator.Verdict late = g.evaluate(live(unknown), T0.plus(Duration.ofMinutes(2)).plusSeconds(1));
    assertThat(late.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(late.result().why()).startsWith("timed out after 120s: Kubernetes Node worker-1 unknown");
  }

  @Test
  void anUpgradeHasThePerNodeUpgradeTimeout() {
    Action up = new Action(Action.Kind.UPGRADE, "worker-1", false, true, worker.installerImage());
    GateEvaluator g = gates(up, new Acted("upgrade requested", true, "boot-a", false));
    NodeLive old = up(worker.sha256(), "v1.0.0", "boot-a", NodeLive.KubeNode.READY);
    assertThat(g.evaluate(live(old), T0.plus(Duration.ofMinutes(5))).result().state())
        .as("past the gate timeout, within the upgrade timeout").isEqualTo(GateResult.State.PENDING);
    GateEvaluator.Verdict late = g.evaluate(live(old), T0.plus(Duration.ofMinutes(10)).plusSeconds(1));
    assertThat(late.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(late.gate()).isEqualTo(Gate.NEW_BOOT);
    assertThat(late.result().why()).startsWith("timed out after 600s");
  }

  @Test
  void anUpgradeBackOnItsOldVersionAfterANewBootFails() {
    Action up = new Action(Action.Kind.UPGRADE, "worker-1", false, true, worker.installerImage(), true, false);
    GateEvaluator g = gates(up, new Acted("staged, upgrade requested", true, "boot-a", false));
    assertThat(g.gates(new GateEvaluator.Tracked(up, new Acted("", true, "boot-a", false), T0)))
        .containsSubsequence(Gate.NEW_BOOT, Gate.TALOS_VERSION, Gate.CONFIG_APPLIED, Gate.MACHINE_READY);
    GateEvaluator.Verdict v = g.evaluate(live(up(worker.sha256(), "v1.0.0", "boot-b", NodeLive.KubeNode.READY)),
        T0.plusSeconds(30));
    assertThat(v.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(v.result().why()).startsWith("came back on Talos v1.0.0");
  }

  @Test
  void aTriedConfigMustBeConfirmedBeforeItsTimeout() {
    Action a = new Action(Action.Kind.APPLY_CONFIG, "worker-1", false, false, "", false, true);
    GateEvaluator g = gates(a, new Acted("applied with mode try", false, "boot-a", true));
    NodeLive good = up(worker.sha256(), "v1.13.9", "boot-a", NodeLive.KubeNode.READY);
    assertThat(g.toConfirm(live(up("old", "v1.13.9", "boot-a", NodeLive.KubeNode.READY)))).isEmpty();
    assertThat(g.toConfirm(live(good))).containsExactly("worker-1");
    assertThat(g.evaluate(live(good), T0.plusSeconds(10)).gate()).isEqualTo(Gate.TRY_CONFIRMED);
    GateEvaluator.Verdict late = g.evaluate(live(NodeLive.unreachable("worker-1", "10.5.0.4", Reach.UNREACHABLE,
        "refused")), T0.plusSeconds(30));
    assertThat(late.result().state()).isEqualTo(GateResult.State.FAILED);
    assertThat(late.gate()).isEqualTo(Gate.TRY_CONFIRMED);
    assertThat(late.result().why()).contains("within the TRY timeout of 30s; Talos reverts it");

    GateEvaluator ok = gates(a, new Acted("applied with mode try", false, "boot-a", true));
    ok.confirmed("worker-1");
    assertThat(ok.toConfirm(live(good))).isEmpty();
    assertThat(ok.evaluate(live(good), T0.plusSeconds(10)).gate()).isEqualTo(Gate.SETTLED);
  }

  @Test
  void theApplyModeFollowsThePredictionAndThePolicy() {
    assertThat(ApplyChoice.of(apply(false), desired.policy()).mode()).isEqualTo(dev.plumb.talos.ApplyMode.NO_REBOOT);
    assertThat(ApplyChoice.of(apply(true), desired.policy()).mode()).isEqualTo(dev.plumb.talos.ApplyMode.AUTO);
    Action network = new Action(Action.Kind.APPLY_CONFIG, "worker-1", false, false, "", false, true);
    ApplyChoice tried = ApplyChoice.of(network, desired.policy());
    assertThat(tried.mode()).isEqualTo(dev.plumb.talos.ApplyMode.TRY);
    assertThat(tried.tryTimeout()).isEqualTo(Duration.ofSeconds(30));
    Action networkAndReboot = new Action(Action.Kind.APPLY_CONFIG, "worker-1", false, true, "", false, true);
    assertThat(ApplyChoice.of(networkAndReboot, desired.policy()).mode()).isEqualTo(dev.plumb.talos.ApplyMode.AUTO);
    var noTry = DemoDesired.render(Map.of("clusters/demo/plumb.yaml", "provision: true\nrollout:\n  tryTimeout: 0s\n"));
    assertThat(ApplyChoice.of(network, noTry.policy()).mode()).isEqualTo(dev.plumb.talos.ApplyMode.NO_REBOOT);
  }

  @Test
  void talosErrorsLoseTheirConfigDiff() {
    assertThat(Actuator.withoutDiff("config rejected: this config change can't be applied in immediate mode\ndiff:\n"
        + "--- a\n+++ b\n-  token: secret")).isEqualTo(
            "config rejected: this config change can't be applied in immediate mode (diff not shown)");
  }

  @Test
  void theKubernetesNodeGateSaysItsSourceAndTheReason() {
    GateEvaluator g = gates(apply(true), new Acted("applied", true, "boot-a", false));
    NodeLive notReady = up(worker.sha256(), "v1.13.9", "boot-b", NodeLive.KubeNode.NOT_READY);
    dev.plumb.observe.KubeLive api = new dev.plumb.observe.KubeLive(true, "", "v1.34.1",
        Map.of("worker-1", "worker-1.lan"), Map.of("worker-1.lan", new dev.plumb.kube.NodeReadiness.Reading(
            dev.plumb.kube.NodeReadiness.State.NOT_READY, "Ready is False: KubeletNotReady", "v1.34.1", false)),
        List.of(), List.of(), new dev.plumb.kube.PrunePlan(List.of(), List.of()));
    GateEvaluator.Verdict v = g.evaluate(live(notReady).withKube(api), T0.plusSeconds(30));
    assertThat(v.gate()).isEqualTo(Gate.KUBE_NODE_READY);
    assertThat(v.result().why()).isEqualTo("Kubernetes Node worker-1.lan is not Ready: Ready is False: KubeletNotReady");
    GateEvaluator.Verdict talos = g.evaluate(live(notReady).withKube(dev.plumb.observe.KubeLive.unknown(
        "the Kubernetes API did not answer: list Node in v1: connection refused")), T0.plusSeconds(31));
    assertThat(talos.result().why()).isEqualTo("Kubernetes Node worker-1 is not Ready, as Talos's NodeStatus reports"
        + " it (Kubernetes API: the Kubernetes API did not answer: list Node in v1: connection refused)");
    NodeLive unknown = up(worker.sha256(), "v1.13.9", "boot-b", NodeLive.KubeNode.UNKNOWN);
    dev.plumb.observe.KubeLive noNode = new dev.plumb.observe.KubeLive(true, "", "v1.34.1", Map.of(), Map.of(),
        List.of(), List.of(), new dev.plumb.kube.PrunePlan(List.of(), List.of()));
    assertThat(g.evaluate(live(unknown).withKube(noNode), T0.plusSeconds(32)).result().why())
        .isEqualTo("Kubernetes Node worker-1 is not registered with the API server yet");
  }
}
