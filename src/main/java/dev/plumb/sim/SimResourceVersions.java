package dev.plumb.sim;

import com.google.protobuf.Timestamp;
import dev.plumb.talos.api.cosi.Metadata;
import dev.plumb.talos.api.cosi.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The COSI metadata versions of one node's resources. On Talos every write of a changed spec
 * bumps {@code metadata.version} by one and sets {@code updated}; {@code created} stays. The
 * simulator derives its resources from the node's state, so a version advances when a read sees a
 * spec different from the last one seen (two changes between reads count as one).
 */
final class SimResourceVersions {
  private record Seen(Resource spec, long version, Timestamp created, Timestamp updated) {}

  private final Map<String, Seen> seen = new HashMap<>();

  /** The resource with its counted version and timestamps. */
  synchronized Resource stamp(Resource r, long nowMillis) {
    Metadata md = r.getMetadata();
    String key = md.getNamespace() + "/" + md.getType() + "/" + md.getId();
    Resource bare = r.toBuilder().setMetadata(md.toBuilder().clearVersion().clearCreated().clearUpdated()).build();
    Seen last = seen.get(key);
    if (last == null || !last.spec().equals(bare)) {
      Timestamp now = Timestamp.newBuilder().setSeconds(nowMillis / 1000)
          .setNanos((int) (nowMillis % 1000) * 1_000_000).build();
      last = new Seen(bare, last == null ? 1 : last.version() + 1, last == null ? now : last.created(), now);
      seen.put(key, last);
    }
    return r.toBuilder().setMetadata(md.toBuilder().setVersion(Long.toString(last.version()))
        .setCreated(last.created()).setUpdated(last.updated())).build();
  }

  /**
   * All current resources of one type, stamped; those of the type that no longer exist are
   * forgotten, so that one that comes back starts again at version 1 as on Talos.
   */
  synchronized List<Resource> stampAll(String type, List<Resource> current, long nowMillis) {
    List<Resource> out = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Resource r : current) {
      out.add(stamp(r, nowMillis));
      Metadata md = r.getMetadata();
      keys.add(md.getNamespace() + "/" + md.getType() + "/" + md.getId());
    }
    seen.keySet().removeIf(k -> k.contains("/" + type + "/") && !keys.contains(k));
    return out;
  }
}
