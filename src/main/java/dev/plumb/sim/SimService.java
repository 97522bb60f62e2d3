package dev.plumb.sim;

/** A service as ServiceList reports it: its last state and health. */
public record SimService(String id, String state, boolean healthy, String message) {
  public boolean runningAndHealthy() {
    return "Running".equals(state) && healthy;
  }
}
