package dev.plumb.talos;

/**
 * One service from ServiceList. Healthy means what {@code talosctl health} means: the state is
 * {@code Running} and the health check passes.
 */
public record ServiceStatus(String id, String state, boolean healthy, String lastMessage) {
  public boolean runningAndHealthy() {
    return "Running".equals(state) && healthy;
  }
}
