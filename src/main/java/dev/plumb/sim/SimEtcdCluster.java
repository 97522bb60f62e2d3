package dev.plumb.sim;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The etcd member table of one simulated cluster, as etcd keeps it: members by id, each with the
 * name and address it joined with and whether it is a learner. A member stays in the table until
 * it is removed (a graceful leave, EtcdRemoveMemberByID, or a joining node with the same name
 * removing its old self, services/etcd.go addMember); a node that is wiped or lost without leaving
 * leaves a stale voting member behind. Whether a member serves is the node's business
 * ({@link SimEtcd#serving}): the table holds no node locks, callers get snapshots.
 */
final class SimEtcdCluster {
  /** One member: {@code node} is the machine that joined with it (it may have been wiped since). */
  record Member(long id, String name, String address, boolean learner, SimulatedNode node) {
    Member promoted() {
      return new Member(id, name, address, false, node);
    }
  }

  private final List<Member> members = new ArrayList<>();
  private final Map<Long, String> alarms = new LinkedHashMap<>();
  private final Random ids;
  private boolean upgradeLocked;

  SimEtcdCluster(long seed) {
    this.ids = new Random(seed);
  }

  synchronized List<Member> members() {
    return List.copyOf(members);
  }

  synchronized Optional<Member> member(long id) {
    return members.stream().filter(m -> m.id() == id).findFirst();
  }

  /** Bootstrap: a new single-member cluster whose only member is {@code node}, a voter. */
  synchronized long bootstrap(SimulatedNode node) {
    members.clear();
    alarms.clear();
    Member m = new Member(newId(), node.hostname(), node.address(), false, node);
    members.add(m);
    return m.id();
  }

  /** A voting member that was there before the simulation started (a preconfigured cluster). */
  synchronized long addVoter(SimulatedNode node) {
    Member m = new Member(newId(), node.hostname(), node.address(), false, node);
    members.add(m);
    return m.id();
  }

  /**
   * A control plane with an empty data directory joins: a member with its name is removed first,
   * then it is added as a learner with a new id (services/etcd.go addMember, MemberAddAsLearner).
   */
  synchronized long join(SimulatedNode node) {
    String name = node.hostname();
    members.removeIf(m -> m.name().equals(name));
    Member m = new Member(newId(), name, node.address(), true, node);
    members.add(m);
    return m.id();
  }

  synchronized void promote(long id) {
    members.replaceAll(m -> m.id() == id ? m.promoted() : m);
  }

  /** MemberRemove; etcd's error when no such member: "etcdserver: member not found". */
  synchronized void remove(long id) {
    if (!members.removeIf(m -> m.id() == id)) {
      // RemoveMemberByMemberID wraps with the decimal id; the server answers NotFound with that text
      throw Status.NOT_FOUND.withDescription("failed to remove member " + Long.toUnsignedString(id)
          + ": etcdserver: member not found").asRuntimeException();
    }
    alarms.remove(id);
  }

  synchronized void raiseAlarm(long memberId, String type) {
    alarms.put(memberId, type);
  }

  synchronized Map<Long, String> alarms() {
    return Map.copyOf(alarms);
  }

  /** The upgrade mutex (constants.EtcdTalosEtcdUpgradeMutex), held for the pre-upgrade checks. */
  synchronized boolean tryLockUpgrade() {
    if (upgradeLocked) {
      return false;
    }
    upgradeLocked = true;
    return true;
  }

  synchronized void unlockUpgrade() {
    upgradeLocked = false;
  }

  private long newId() {
    return ids.nextLong() & Long.MAX_VALUE | 1L; // never 0: etcd ids are non-zero
  }
}
