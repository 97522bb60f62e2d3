package dev.plumb.kube;

import java.time.Duration;

/** Waiting between polls; tests pass one that advances a manual clock instead of sleeping. */
@FunctionalInterface
public interface Pause {
  void pause(Duration d) throws InterruptedException;

  Pause SLEEP = d -> Thread.sleep(d.toMillis());
}
