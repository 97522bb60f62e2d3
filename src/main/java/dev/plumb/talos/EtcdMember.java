package dev.plumb.talos;

import java.util.List;

/** One etcd member as EtcdMemberList reports it. */
public record EtcdMember(long id, String hostname, List<String> peerUrls, boolean learner) {
  public EtcdMember {
    peerUrls = List.copyOf(peerUrls);
  }

  /** The id as Talos's COSI resources write it: 16 lower-case hex digits. */
  public String hexId() {
    return String.format("%016x", id);
  }
}
