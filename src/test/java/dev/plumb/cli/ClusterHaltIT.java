package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.daemon.ClusterState;
import dev.plumb.daemon.Journal;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.AdminTalosconfig;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.sim.Fault;
import dev.plumb.sim.FleetSpec;
import dev.plumb.sim.SimRecord;
import dev.plumb.sim.SimTiming;
import dev.plumb.sim.SimulatedFleet;
import dev.plumb.sim.SystemSimClock;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.Endpoint;
import dev.plumb.talos.GrpcTalosClient;
import dev.plumb.talos.NodeTarget;
import dev.plumb.talos.TalosChannels;
import dev.plumb.talos.TalosConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clusters, each on its own simulated fleet: a halt in one is kept in the state directory
 * (a later run, as after a restart, does not touch that cluster again at the same revision) and
 * does not stop the other cluster's drift correction; the first run records the bootstrap.
 */
class ClusterHaltIT {
  static final String KEY = SyncIT.KEY;

  @Test
  void aHaltIsDurableAndPerCluster(@TempDir Path dir) throws Exception {
    TestFleetRepo repo = new TestFleetRepo(dir).seedExample();
    java.nio.file.Files.createDirectories(repo.work.resolve("clusters/demo2/patches"));
    for (String f : new String[] {"talconfig.yaml", "talenv.yaml", "plumb.yaml", "talsecret.sops.yaml",
        "patches/all.yaml", "patches/controlplane.yaml"}) {
      repo.write("clusters/demo2/" + f, repo.read("clusters/demo/" + f).replace("127.77.", "127.78.")
          .replace("clusterName: demo", "clusterName: demo2"));
    }
    repo.commitAndPush("two clusters");
    SimTiming fast = new SimTiming(Duration.ofMillis(500), Duration.ofMillis(40));
    try (SystemSimClock clock = new SystemSimClock();
        SimulatedFleet a = SimulatedFleet.start(FleetSpec.of(6, 3).timing(fast), clock);
        SimulatedFleet b = SimulatedFleet.start(FleetSpec.of(6, 3).timing(fast).addressPrefix("127.78")
            .port(a.port()), clock)) {
      String state = dir.resolve("state").toString();
      String[] sync = {"sync", "--repo", repo.url(), "--state", state, "--talos-port", String.valueOf(a.port()),
          "--age-key-file", KEY, "--timeout", "20s"};
      CliRun first = CliRun.of(sync);
      assertThat(first.code()).as(first.out()).isZero();
      try (Journal j = new Journal(dir.resolve("state"))) {
        ClusterState st = new ClusterState(j);
        assertThat(st.history("demo", false).bootstrapped()).as("the bootstrap is recorded").isTrue();
        assertThat(st.history("demo2", false).bootstrapped()).isTrue();
        assertThat(st.get("demo").applied()).isEqualTo(repo.head());
      }

      // demo's cp-1 will not come back healthy from the reboot this commit asks of every demo node
      a.node("cp-1").inject(Fault.unhealthy("kubelet"));
      repo.write("clusters/demo/plumb.yaml", repo.read("clusters/demo/plumb.yaml")
          .replaceAll("(?m)^  gateTimeout: .*\n", "").replaceFirst("(?m)^rollout:\n", "rollout:\n  gateTimeout: 3s\n"));
      repo.write("clusters/demo/patches/all.yaml", repo.read("clusters/demo/patches/all.yaml").replace("machine:\n",
          "machine:\n  files:\n    - path: /var/etc/x\n      content: x\n      permissions: 420\n      op: create\n"));
      repo.commitAndPush("a reboot for demo");
      CliRun halted = CliRun.of(sync);
      assertThat(halted.code()).as(halted.out()).isEqualTo(1);
      assertThat(halted.out()).contains("GateFailed", "demo: halted");
      int demoApplies = a.record().events(SimRecord.Type.APPLY).size();

      // drift on demo2 while demo stays halted
      ClusterDesired d2 = render(repo, "clusters/demo2/talconfig.yaml");
      NodeConfig w1 = d2.nodes().stream().filter(n -> n.hostname().equals("worker-1")).findFirst().orElseThrow();
      byte[] drifted = new String(w1.config().reveal(), StandardCharsets.UTF_8)
          .replace("vm.max_map_count: \"262144\"", "vm.max_map_count: \"524288\"").getBytes(StandardCharsets.UTF_8);
      try (GrpcTalosClient admin = client(d2)) {
        admin.applyConfiguration(NodeTarget.direct(new Endpoint(w1.addresses().get(0), a.port())), drifted,
            ApplyMode.NO_REBOOT, false, null);
      }
      int demo2Applies = b.record().events(SimRecord.Type.APPLY).size();

      CliRun again = CliRun.of(sync); // a new process: what it knows of the halt is in the state directory
      assertThat(again.code()).as(again.out()).isEqualTo(1);
      assertThat(again.out()).contains("halted at this revision");
      assertThat(a.record().events(SimRecord.Type.APPLY)).as("nothing more is sent to the halted cluster")
          .hasSize(demoApplies);
      assertThat(b.record().events(SimRecord.Type.APPLY)).as("demo2's drift is corrected")
          .hasSize(demo2Applies + 1);
      assertThat(b.node("worker-1").activeConfig().orElseThrow().raw()).isEqualTo(w1.config().reveal());
      CliRun status = CliRun.of("status", "--state", state);
      assertThat(status.out()).contains("cluster demo: halted", "cluster demo2: converged");
    }
  }

  private static ClusterDesired render(TestFleetRepo repo, String talconfig) {
    return new ClusterRenderer(new DirectoryTree(repo.work), new SopsDecryptor(AgeKeys.fromFile(Path.of(KEY))))
        .render(talconfig, ClusterRenderer.Options.defaults());
  }

  private static GrpcTalosClient client(ClusterDesired d) {
    String tc = AdminTalosconfig.create(d, Duration.ofHours(1)).reveal();
    return new GrpcTalosClient(TalosChannels.forContext(TalosConfig.parse(Path.of("test-talosconfig"), tc)
        .context(Optional.empty())), GrpcTalosClient.Timeouts.defaults());
  }
}
