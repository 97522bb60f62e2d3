package dev.plumb.plan;

import static dev.plumb.plan.PlannerTest.MEMBERS;
import static dev.plumb.plan.PlannerTest.live;
import static dev.plumb.plan.PlannerTest.member;
import static dev.plumb.plan.PlannerTest.read;
import static dev.plumb.plan.PlannerTest.view;
import static dev.plumb.plan.PlannerTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.observe.EtcdView;
import dev.plumb.observe.LiveState;
import dev.plumb.observe.NodeLive;
import dev.plumb.observe.Reach;
import dev.plumb.render.ClusterDesired;
import dev.plumb.talos.EtcdAlarm;
import dev.plumb.talos.EtcdMember;
import dev.plumb.talos.MachineStage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The planner's safety rules (issue 8) on hand-made live states: identity, provisioning, etcd, budget. */
class SafetyRulesTest {
  static final String UUID = "4c4c4544-0042-3510-8051-b4c04f4e4d31";
  static final String SCHEMATIC = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";
  final Planner planner = new Planner(new RebootPredictor());
  final ClusterDesired desired = DemoDesired.render(Map.of());

  static ClusterDesired withPolicy(String plumbYaml, Map<String, String> more) {
    Map<String, String> files = new HashMap<>(more);
    files.put("clusters/demo/plumb.yaml", plumbYaml);
    return DemoDesired.render(files);
  }

  static ClusterDesired rebootChangeWith(String plumbYaml) {
    return withPolicy(plumbYaml, DemoDesired.rebootChange());
  }

  static NodeLive rebuild(NodeLive l, String answersAs, String schematic, EtcdView etcd) {
    return new NodeLive(l.hostname(), l.address(), l.reach(), l.configSha(), l.version(), l.stage(), l.ready(),
        l.unmet(), l.etcdMember(), l.etcdHealthy(), l.detail(), l.config(), l.hardwareUuid(), l.kubeNode(), l.bootId(),
        answersAs, schematic, etcd);
  }

  static NodeLive maintenance(NodeLive l, String uuid, List<String> macs) {
    return new NodeLive(l.hostname(), l.address(), Reach.MAINTENANCE, "", l.version(), MachineStage.MAINTENANCE, false,
        List.of(), false, false, "maintenance mode", l.config(), uuid, NodeLive.KubeNode.UNKNOWN, "", "", "",
        EtcdView.unknown("maintenance mode"), macs);
  }

  static List<String> acted(Plan p) {
    return p.waves().stream().flatMap(w -> w.actions().stream()).map(Action::node).toList();
  }

  LiveState etcdLive(ClusterDesired d, List<EtcdMember> members, List<EtcdAlarm> alarms) {
    return live(desired, l -> l.hostname().startsWith("cp") ? rebuild(l, l.answersAs(), "", new EtcdView(true, members,
        view(members, l.hostname()).localId(), 1, false, List.of(), alarms, "")) : l);
  }

  // --- who answers

  @Test
  void twoSwappedAddressesNeverGetEachOthersConfigs() {
    ClusterDesired changed = rebootChangeWith("rollout:\n  maxUnavailable: 3\n");
    Plan p = planner.plan(changed, live(desired, l -> switch (l.hostname()) {
      case "worker-1" -> rebuild(l, "worker-2", "", l.etcd());
      case "worker-2" -> rebuild(l, "worker-1", "", l.etcd());
      default -> l;
    }));
    assertThat(acted(p)).doesNotContain("worker-1", "worker-2").contains("worker-3", "cp-1");
    assertThat(p.notes()).anyMatch(n -> n.contains("worker-1 answers but not as a node of demo")
        && n.contains("answers as worker-2"));
  }

  // --- provisioning

  @Test
  void aMachineShowingItsDeclaredUuidIsReprovisionedAndAnotherIsNot() {
    ClusterDesired d = withPolicy("reprovision: true\nidentities:\n  worker-2:\n    uuid: " + UUID + "\n", Map.of());
    ClusterHistory bootstrapped = new ClusterHistory(true, false);
    Plan ok = planner.plan(d, live(d, l -> l.hostname().equals("worker-2") ? maintenance(l, UUID, List.of()) : l),
        bootstrapped);
    assertThat(ok.waves()).singleElement().extracting(Wave::name).isEqualTo("provision workers");
    Plan stranger = planner.plan(d, live(d, l -> l.hostname().equals("worker-2")
        ? maintenance(l, "00000000-0000-0000-0000-000000000001", List.of()) : l), bootstrapped);
    assertThat(stranger.waves()).isEmpty();
    assertThat(stranger.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("worker-2 at 127.77.0.5 is in"
        + " maintenance mode but is not the declared machine (hardware uuid 00000000-0000-0000-0000-000000000001,"
        + " declared " + UUID + ")"));
  }

  @Test
  void withoutADeclaredIdentityOnlyAFirstBringUpProvisionsAndItSaysSoLoudly() {
    ClusterDesired d = withPolicy("provision: true\nreprovision: true\n", Map.of());
    UnaryOperator<NodeLive> worker2Blank = l -> l.hostname().equals("worker-2") ? maintenance(l, UUID, List.of()) : l;
    Plan after = planner.plan(d, live(d, worker2Blank), new ClusterHistory(true, false));
    assertThat(after.waves()).isEmpty();
    assertThat(after.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("Git declares no identity for it"));
    Plan first = planner.plan(d, live(d, l -> with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false)),
        ClusterHistory.none());
    assertThat(acted(first)).containsExactly("cp-1", "cp-2", "cp-3");
    assertThat(first.drift()).allMatch(x -> x.contains("FIRST BRING-UP without identity check"));
    assertThat(first.notes().get(0)).startsWith("provisioning: FIRST BRING-UP");
    assertThat(first.waves().get(0).actions().get(0).toString()).endsWith("FIRST BRING-UP, WITHOUT identity check");
    Plan off = planner.plan(withPolicy("{}\n", Map.of()), live(d, worker2Blank), ClusterHistory.none());
    assertThat(off.waves()).isEmpty();
  }

  @Test
  void aSelectorMacFromTheTalconfigIsTheIdentityAMachineMustShow() {
    String talconfig = read("clusters/demo/talconfig.yaml").replace("    hostname: worker-2\n",
        "    hostname: worker-2\n    networkInterfaces:\n      - deviceSelector:\n          hardwareAddr: \"aa:bb:cc:*\"\n"
            + "        dhcp: true\n");
    ClusterDesired d = withPolicy("reprovision: true\n", Map.of("clusters/demo/talconfig.yaml", talconfig));
    ClusterHistory bootstrapped = new ClusterHistory(true, false);
    Plan ok = planner.plan(d, live(d, l -> l.hostname().equals("worker-2")
        ? maintenance(l, "", List.of("aa:bb:cc:00:11:22")) : l), bootstrapped);
    assertThat(acted(ok)).containsExactly("worker-2");
    Plan other = planner.plan(d, live(d, l -> l.hostname().equals("worker-2")
        ? maintenance(l, "", List.of("de:ad:be:ef:00:01")) : l), bootstrapped);
    assertThat(other.waves()).isEmpty();
    assertThat(other.waitReason()).hasValueSatisfying(w -> assertThat(w).contains("no link with MAC aa:bb:cc:*"));
  }

  // --- quorum guard

  @Test
  void aStaleMemberCountsAsAVoterThatIsDown() {
    ClusterDesired changed = rebootChangeWith("{}\n");
    List<EtcdMember> withStale = new java.util.ArrayList<>(MEMBERS);
    withStale.add(member(9, "old-cp", false));
    Plan p = planner.plan(changed, etcdLive(changed, withStale, List.of()));
    assertThat(acted(p)).noneMatch(n -> n.startsWith("cp"));
    assertThat(p.notes()).anyMatch(n -> n.contains("refuses cp-1: changing cp-1 would leave 2 of 4 etcd voters up")
        && n.contains("old-cp 0000000000000009 (stale"));
  }

  @Test
  void aLearnerOrAnAlarmBlocksEveryControlPlaneChange() {
    ClusterDesired changed = rebootChangeWith("{}\n");
    List<EtcdMember> learner = List.of(MEMBERS.get(0), MEMBERS.get(1), member(3, "cp-3", true));
    Plan p = planner.plan(changed, etcdLive(changed, learner, List.of()));
    assertThat(acted(p)).noneMatch(n -> n.startsWith("cp"));
    assertThat(p.notes()).anyMatch(n -> n.contains("etcd member cp-3 0000000000000003 is a learner"));
    Plan alarm = planner.plan(changed, etcdLive(changed, MEMBERS, List.of(new EtcdAlarm(2, "NOSPACE"))));
    assertThat(acted(alarm)).noneMatch(n -> n.startsWith("cp"));
    assertThat(alarm.notes()).anyMatch(n -> n.contains("etcd alarm NOSPACE is active on member cp-2"));
  }

  @Test
  void aOneMemberEtcdIsRefusedUnlessThePolicyAcceptsTheOutage() {
    List<EtcdMember> one = List.of(MEMBERS.get(0));
    ClusterDesired strict = rebootChangeWith("{}\n");
    Plan p = planner.plan(strict, etcdLive(strict, one, List.of()));
    assertThat(acted(p)).doesNotContain("cp-1");
    assertThat(p.notes()).anyMatch(n -> n.contains("etcd has 1 voting member: changing cp-1 takes etcd down"));
    ClusterDesired accepting = rebootChangeWith("etcd:\n  acceptOutage: true\n");
    assertThat(acted(planner.plan(accepting, etcdLive(accepting, one, List.of())))).contains("cp-1");
  }

  @Test
  void anUnknownEtcdViewIsARefusalNeverAGuess() {
    ClusterDesired changed = rebootChangeWith("{}\n");
    Plan p = planner.plan(changed, live(desired, l -> l.hostname().startsWith("cp")
        ? rebuild(l, l.answersAs(), "", EtcdView.unknown("etcd member list: no leader")) : l));
    assertThat(acted(p)).noneMatch(n -> n.startsWith("cp"));
    assertThat(p.notes()).anyMatch(n -> n.contains("the etcd member list is unknown (cp-1: etcd member list: no leader"));
  }

  // --- bootstrap

  @Test
  void afterAFullPowerLossPlumbWaitsAndNeverBootstraps() {
    Plan p = planner.plan(desired, live(desired, l -> l.hostname().startsWith("cp")
        ? rebuild(with(l, Reach.UP, MachineStage.BOOTING, false, false), l.answersAs(), "",
            EtcdView.unknown("etcd member list: connection refused"))
        : with(l, Reach.UP, MachineStage.BOOTING, false, false)), ClusterHistory.none());
    assertThat(p.waves()).isEmpty();
    assertThat(p.waitReason()).isPresent();
    assertThat(p.notes()).anyMatch(n -> n.contains("not bootstrapping, waiting for etcd"));
  }

  @Test
  void bootstrapNeedsEveryControlPlanePositivelyEmptyAndNoBootstrapInTheJournal() {
    UnaryOperator<NodeLive> notJoined = l -> l.hostname().startsWith("cp")
        ? with(l, Reach.UP, MachineStage.BOOTING, false, false) : with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false);
    assertThat(acted(planner.plan(desired, live(desired, notJoined), ClusterHistory.none()))).containsExactly("cp-1");
    assertThat(planner.plan(desired, live(desired, notJoined), new ClusterHistory(true, false)).waves())
        .extracting(Wave::name).doesNotContain("bootstrap etcd");
    Plan oneUnknown = planner.plan(desired, live(desired, l -> l.hostname().equals("cp-3")
        ? rebuild(with(l, Reach.UP, MachineStage.BOOTING, false, false), l.answersAs(), "", EtcdView.unknown("timeout"))
        : notJoined.apply(l)), ClusterHistory.none());
    assertThat(oneUnknown.waves()).extracting(Wave::name).doesNotContain("bootstrap etcd");
  }

  @Test
  void workersOfAFirstBringUpWaitForTheBootstrap() {
    Plan p = planner.plan(desired, live(desired, l -> l.hostname().startsWith("cp")
        ? rebuild(with(l, Reach.UP, MachineStage.BOOTING, false, false), l.answersAs(), "", EtcdView.unknown("starting"))
        : with(l, Reach.MAINTENANCE, MachineStage.MAINTENANCE, false, false)), ClusterHistory.none());
    assertThat(p.waves()).extracting(Wave::name).containsExactly("provision workers");
    assertThat(p.waitReason()).hasValueSatisfying(w -> assertThat(w).startsWith("workers are provisioned once etcd is bootstrapped"));
  }

  // --- upgrades and config changes

  @Test
  void anotherSchematicIsAnUpgradeAndAnUnknownOneComparesVersionsOnly() {
    String factory = "factory.talos.dev/installer/" + SCHEMATIC;
    ClusterDesired d = withPolicy("rollout:\n  maxUnavailable: 2\n", Map.of("clusters/demo/talconfig.yaml",
        read("clusters/demo/talconfig.yaml").replace("talosImageURL: ghcr.io/siderolabs/installer",
            "talosImageURL: " + factory)));
    LiveState sameConfig = live(d, l -> l);
    String other = "a".repeat(64);
    Plan p = planner.plan(d, new LiveState("demo", sameConfig.at(), sameConfig.nodes().stream()
        .map(l -> rebuild(l, l.answersAs(), l.hostname().equals("worker-1") ? other : l.hostname().equals("worker-2")
            ? "" : SCHEMATIC, l.etcd())).toList()));
    assertThat(p.waves()).singleElement().extracting(w -> w.actions().get(0).toString())
        .isEqualTo("worker-1: upgrade Talos to " + factory + ":v1.13.9 (reboot)");
    assertThat(p.drift()).anyMatch(x -> x.startsWith("worker-1: runs schematic aaaaaaaaaaaa, wants 376567988ad3"));
    assertThat(p.notes()).contains("worker-2: the schematic the node runs is unknown: compared Talos versions only");
  }

  @Test
  void aNetworkChangeIsMarkedAndOtherChangesAreNot() {
    String all = read("clusters/demo/patches/all.yaml");
    ClusterDesired net = withPolicy("{}\n", Map.of("clusters/demo/patches/all.yaml",
        all.replace("machine:\n", "machine:\n  network:\n    nameservers:\n      - 9.9.9.9\n")));
    Plan p = planner.plan(net, live(desired, l -> l));
    assertThat(p.waves().get(0).actions().get(0).networkChange()).isTrue();
    assertThat(p.waves().get(0).actions().get(0).toString()).contains("changes the network");
    ClusterDesired sysctl = withPolicy("{}\n", Map.of("clusters/demo/patches/all.yaml",
        all.replace("\"262144\"", "\"262145\"")));
    assertThat(planner.plan(sysctl, live(desired, l -> l)).waves().get(0).actions().get(0).networkChange()).isFalse();
  }

  // --- budget and hold

  @Test
  void aDeadWorkerNoLongerBlocksTheOthersWithinTheBudget() {
    ClusterDesired changed = rebootChangeWith("rollout:\n  workerBatchSize: 3\n  maxUnavailable: 2\n");
    Plan p = planner.plan(changed, live(desired, l -> l.hostname().equals("worker-3")
        ? with(l, Reach.UNREACHABLE, MachineStage.UNKNOWN, false, false) : l));
    assertThat(p.waitReason()).isEmpty();
    assertThat(p.waves()).extracting(Wave::name).containsExactly("control plane cp-1", "control plane cp-2",
        "control plane cp-3", "workers worker-1", "workers worker-2");
    assertThat(p.notes()).anyMatch(n -> n.startsWith("unavailable: worker-3 does not answer"))
        .anyMatch(n -> n.equals("budget: maxUnavailable 2, unavailable now 1 (worker-3), so 1 more may change at once"));
    Plan full = planner.plan(rebootChangeWith("{}\n"), live(desired, l -> l.hostname().equals("worker-3")
        ? with(l, Reach.UNREACHABLE, MachineStage.UNKNOWN, false, false) : l));
    assertThat(full.waitReason()).hasValueSatisfying(w -> assertThat(w).startsWith("disruption budget used up"));
  }

  @Test
  void aHeldNodeIsNeverTouchedAndIsShown() {
    ClusterDesired changed = rebootChangeWith("rollout:\n  hold: [worker-1, cp-2]\n");
    Plan p = planner.plan(changed, live(desired, l -> l));
    assertThat(acted(p)).doesNotContain("worker-1", "cp-2").contains("cp-1", "worker-2");
    assertThat(p.notes()).contains("held back (rollout.hold): worker-1, cp-2");
    assertThat(p.drift()).contains("worker-1: differs from Git but is held back (rollout.hold): not touched");
  }
}
