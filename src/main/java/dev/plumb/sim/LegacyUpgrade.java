package dev.plumb.sim;

import dev.plumb.talos.api.machine.Upgrade;
import dev.plumb.talos.api.machine.UpgradeRequest;
import dev.plumb.talos.api.machine.UpgradeResponse;
import io.grpc.Status;
import java.util.List;
import java.util.UUID;

/**
 * The legacy MachineService/Upgrade as machined serves it (v1alpha1_server.go Upgrade,
 * internal/pkg/etcd ValidateForUpgrade), checks in its order:
 * <ol>
 *   <li>maintenance mode: the maintenance API answers only admins (SideroLink), so an insecure
 *       caller gets Unimplemented "API is not implemented in maintenance mode";</li>
 *   <li>PullAndValidateInstallerImage, a plain error (Unknown) "error validating installer image";</li>
 *   <li>a control plane without {@code force}: an etcd client from the control plane endpoints, the
 *       upgrade mutex (held only for these checks, so a concurrent upgrade of another control plane
 *       is refused), then ValidateForUpgrade: without {@code preserve} a single member is refused;
 *       two members are always refused; every member must answer a quorum read (a learner cannot:
 *       "rpc not supported for learner");</li>
 *   <li>{@code stage}: the image is written to META and the node reboots (stage {@code rebooting}),
 *       the install happens early in the next boot; otherwise the upgrade sequence runs now (stage
 *       {@code upgrading}: cordon, drain, install) and then reboots.</li>
 * </ol>
 * {@code preserve} otherwise changes nothing the simulator shows (EPHEMERAL and etcd data stay).
 */
final class LegacyUpgrade {
  private LegacyUpgrade() {}

  static UpgradeResponse upgrade(SimulatedNode n, Caller c, UpgradeRequest req) {
    if (n.maintenance()) {
      throw Status.UNIMPLEMENTED.withDescription("API is not implemented in maintenance mode").asRuntimeException();
    }
    SimApi.require(c, "os:admin");
    String image = req.getImage();
    String version = n.fleet().spec().images().versionOf(image).orElseThrow(() -> Status.UNKNOWN.withDescription(
        "error validating installer image \"" + image + "\": failed to resolve reference \""
            + image + "\": " + image + ": not found").asRuntimeException());
    n.ledger().markPulled(image);
    if (n.controlPlane() && !req.getForce()) {
      checkEtcd(n, req.getPreserve());
    }
    if (req.getStage()) {
      n.stageUpgrade(image, version, false);
      n.reboot("staged upgrade");
    } else {
      n.stageUpgrade(image, version, true);
    }
    return UpgradeResponse.newBuilder().addMessages(Upgrade.newBuilder()
        .setAck("Upgrade request received").setActorId(UUID.randomUUID().toString())).build();
  }

  private static void checkEtcd(SimulatedNode n, boolean preserve) {
    SimEtcd.requireEndpoints(n, "failed to create etcd client: ");
    SimEtcdCluster cluster = n.etcdCluster();
    List<SimEtcdCluster.Member> members = cluster.members();
    if (!SimEtcd.hasQuorum(members)) {
      // concurrency.NewSession grants a lease, which needs a leader
      throw unknown("failed to acquire upgrade mutex: error establishing etcd concurrency session: "
          + "context deadline exceeded");
    }
    if (!cluster.tryLockUpgrade()) {
      throw unknown("failed to acquire upgrade mutex: error trying to lock etcd upgrade mutex: "
          + "mutex: Locked by another session");
    }
    try {
      String prefix = "error validating etcd for upgrade: ";
      if (!preserve && members.size() == 1) {
        throw unknown(prefix + "only 1 etcd member found; assuming this is not an HA setup and refusing to upgrade;"
            + " if this is a single-node cluster, use --preserve to upgrade");
      }
      if (members.size() == 2) {
        throw unknown(prefix + "etcd member count(2) is insufficient to maintain quorum if upgrade commences");
      }
      for (SimEtcdCluster.Member m : members) {
        if (m.learner() || !SimEtcd.serving(m)) {
          throw unknown(prefix + String.format("etcd member %016x is not healthy; all members must be healthy to"
              + " perform an upgrade: %s", m.id(), m.learner() ? "etcdserver: rpc not supported for learner"
              : "context deadline exceeded"));
        }
      }
    } finally {
      cluster.unlockUpgrade();
    }
  }

  private static RuntimeException unknown(String message) {
    return Status.UNKNOWN.withDescription(message).asRuntimeException();
  }
}
