package dev.plumb.talos;

import java.util.List;

/** The local etcd member's status from EtcdStatus. Healthy means a leader and no errors. */
public record EtcdMemberStatus(long memberId, long leader, long raftIndex, List<String> errors) {
  public EtcdMemberStatus {
    errors = List.copyOf(errors);
  }

  public boolean healthy() {
    return leader != 0 && errors.isEmpty();
  }
}
