package dev.plumb.server.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids seen lately, so that a redelivered or replayed webhook triggers nothing twice.
 * Bounded: the oldest ids are forgotten first.
 */
public final class DeliveryIds {
  private final Map<String, Boolean> ids;

  public DeliveryIds(int capacity) {
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time {@code id} is seen. */
  public synchronized boolean firstTime(String id) {
    return ids.put(id, Boolean.TRUE) == null;
  }
}
