package dev.plumb.sim;

/**
 * What fleet to simulate: node counts, whether the nodes start configured (one bootstrapped
 * cluster) or in maintenance mode, the Talos version they run, timing, and where they listen:
 * node {@code i} gets address {@code <addressPrefix>.<i / 250>.<i % 250 + 1>} and every node the
 * same port ({@code 0}: any free port). With {@code reencodedConfigs}, nodes answer with their
 * config re-encoded (as after {@code talosctl edit} or {@code patch}, whose encoder rewrites the
 * whole config); otherwise with the bytes they were given, as Talos's read-only config container
 * keeps them (pkg/machinery/config/container: Bytes()).
 */
public record FleetSpec(int nodes, int controlPlanes, boolean preconfigured, String clusterName,
    String talosVersion, SimTiming timing, String addressPrefix, int port, boolean reencodedConfigs) {

  public FleetSpec {
    if (nodes < 1) {
      throw new IllegalArgumentException("a fleet needs at least one node");
    }
    if (controlPlanes < 0 || controlPlanes > nodes) {
      throw new IllegalArgumentException("control planes must be between 0 and the node count");
    }
  }

  public static FleetSpec of(int nodes, int controlPlanes) {
    return new FleetSpec(nodes, controlPlanes, false, "sim", "v1.13.9", SimTiming.defaults(), "127.77", 0, false);
  }

  public FleetSpec preconfigured(boolean p) {
    return new FleetSpec(nodes, controlPlanes, p, clusterName, talosVersion, timing, addressPrefix, port, reencodedConfigs);
  }

  public FleetSpec timing(SimTiming t) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, t, addressPrefix, port, reencodedConfigs);
  }

  public FleetSpec talosVersion(String v) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, v, timing, addressPrefix, port, reencodedConfigs);
  }

  public FleetSpec addressPrefix(String prefix) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing, prefix, port, reencodedConfigs);
  }

  public FleetSpec port(int p) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing, addressPrefix, p, reencodedConfigs);
  }

  public FleetSpec reencodedConfigs(boolean r) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing, addressPrefix, port, r);
  }

  String address(int i) {
    return addressPrefix + "." + (i / 250) + "." + (i % 250 + 1);
  }

  String nodeName(int i) {
    return i < controlPlanes ? "cp-" + (i + 1) : "worker-" + (i - controlPlanes + 1);
  }
}
