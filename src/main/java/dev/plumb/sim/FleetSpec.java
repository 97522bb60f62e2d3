package dev.plumb.sim;

/**
 * What fleet to simulate: node counts, whether the nodes start configured (one bootstrapped
 * cluster) or in maintenance mode, the Talos version they run, timing, and where they listen:
 * node {@code i} gets address {@code <addressPrefix>.<i / 250>.<i % 250 + 1>} and every node the
 * same port ({@code 0}: any free port). With {@code reencodedConfigs}, nodes answer with their
 * config re-encoded (as after {@code talosctl edit} or {@code patch}, whose encoder rewrites the
 * whole config); otherwise with the bytes they were given, as Talos's read-only config container
 * keeps them (pkg/machinery/config/container: Bytes()). {@code images} says which installer
 * images exist and which Talos version each was built as ({@link SimImages#defaults()}).
 */
public record FleetSpec(int nodes, int controlPlanes, boolean preconfigured, String clusterName,
    String talosVersion, SimTiming timing, String addressPrefix, int port, boolean reencodedConfigs,
    SimImages images) {

  public FleetSpec {
    if (nodes < 1) {
      throw new IllegalArgumentException("a fleet needs at least one node");
    }
    if (controlPlanes < 0 || controlPlanes > nodes) {
      throw new IllegalArgumentException("control planes must be between 0 and the node count");
    }
    if (images == null) {
      throw new IllegalArgumentException("a fleet needs an image table");
    }
  }

  public static FleetSpec of(int nodes, int controlPlanes) {
    return new FleetSpec(nodes, controlPlanes, false, "sim", "v1.13.9", SimTiming.defaults(), "127.77", 0, false,
        SimImages.defaults());
  }

  public FleetSpec preconfigured(boolean p) {
    return new FleetSpec(nodes, controlPlanes, p, clusterName, talosVersion, timing, addressPrefix, port,
        reencodedConfigs, images);
  }

  public FleetSpec timing(SimTiming t) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, t, addressPrefix,
        port, reencodedConfigs, images);
  }

  public FleetSpec talosVersion(String v) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, v, timing, addressPrefix, port,
        reencodedConfigs, images);
  }

  public FleetSpec addressPrefix(String prefix) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing, prefix,
        port, reencodedConfigs, images);
  }

  public FleetSpec port(int p) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing,
        addressPrefix, p, reencodedConfigs, images);
  }

  public FleetSpec reencodedConfigs(boolean r) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing,
        addressPrefix, port, r, images);
  }

  /** The same fleet with another table of installer images and the versions they were built as. */
  public FleetSpec images(SimImages table) {
    return new FleetSpec(nodes, controlPlanes, preconfigured, clusterName, talosVersion, timing, addressPrefix, port,
        reencodedConfigs, table);
  }

  String address(int i) {
    return addressPrefix + "." + (i / 250) + "." + (i % 250 + 1);
  }

  String nodeName(int i) {
    return i < controlPlanes ? "cp-" + (i + 1) : "worker-" + (i - controlPlanes + 1);
  }
}
