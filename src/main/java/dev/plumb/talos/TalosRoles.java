package dev.plumb.talos;

import java.util.Map;

/**
 * The roles Talos requires per method (machined's authz rules), used to say which role is missing
 * when a call is denied.
 */
final class TalosRoles {
  private static final Map<String, String> REQUIRED =
      Map.ofEntries(
          Map.entry("machine.MachineService/ApplyConfiguration", "os:admin"),
          Map.entry("machine.MachineService/Bootstrap", "os:admin"),
          Map.entry("machine.MachineService/Kubeconfig", "os:admin"),
          Map.entry("machine.MachineService/Upgrade", "os:admin"),
          Map.entry("machine.MachineService/Reset", "os:admin"),
          Map.entry("machine.MachineService/Reboot", "os:admin or os:operator"),
          Map.entry("machine.MachineService/Version", "os:reader, os:operator or os:admin"),
          Map.entry("machine.MachineService/Hostname", "os:reader, os:operator or os:admin"),
          Map.entry("machine.MachineService/ServiceList", "os:reader, os:operator or os:admin"),
          Map.entry(
              "machine.MachineService/EtcdMemberList",
              "os:reader, os:etcd:backup, os:operator or os:admin"),
          Map.entry(
              "machine.MachineService/EtcdStatus",
              "os:reader, os:etcd:backup, os:operator or os:admin"),
          Map.entry("machine.LifecycleService/Upgrade", "os:admin"),
          Map.entry("machine.ImageService/Pull", "os:admin or os:operator"),
          Map.entry("cosi.resource.State/Get", "os:reader (os:admin for sensitive resources)"),
          Map.entry("cosi.resource.State/List", "os:reader (os:admin for sensitive resources)"),
          Map.entry("cosi.resource.State/Watch", "os:reader (os:admin for sensitive resources)"));

  private TalosRoles() {}

  static String required(String method) {
    return REQUIRED.getOrDefault(method, "os:admin");
  }
}
