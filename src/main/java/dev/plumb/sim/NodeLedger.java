package dev.plumb.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a simulated node pulled and which configs it accepted, for its API and for tests. */
public final class NodeLedger {
  private final Set<String> pulled = new HashSet<>();
  private final List<byte[]> applied = new ArrayList<>();

  synchronized void markPulled(String image) {
    pulled.add(image);
  }

  synchronized boolean pulled(String image) {
    return pulled.contains(image);
  }

  synchronized void recordApplied(byte[] config) {
    applied.add(config.clone());
  }

  /** Every config the node accepted (dry runs excluded), in order. */
  public synchronized List<byte[]> appliedConfigs() {
    return List.copyOf(applied);
  }
}
