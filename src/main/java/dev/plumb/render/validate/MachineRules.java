package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.at;
import static dev.plumb.render.validate.Tree.isTrue;
import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.map;
import static dev.plumb.render.validate.Tree.present;
import static dev.plumb.render.validate.Tree.str;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code machine} rules of v1alpha1.Config.Validate (siderolabs/talos
 * pkg/machinery/config/types/v1alpha1/v1alpha1_validation.go), in metal mode: the mode a talhelper
 * repository renders for, where Talos requires an install disk.
 */
final class MachineRules {
  private static final Set<String> TYPES = Set.of("init", "controlplane", "worker", "join");
  private static final Set<String> ROLES = Set.of("os:admin", "os:operator", "os:reader", "os:etcd:backup",
      "os:impersonator");

  private MachineRules() {}

  /** Whether the document describes a control-plane machine ({@code init} or {@code controlplane}). */
  static boolean controlPlane(Map<String, Object> doc) {
    String t = str(doc, "machine", "type");
    return t.equals("controlplane") || t.equals("init");
  }

  static void check(Map<String, Object> doc, int minor, List<Finding> out) {
    Object machine = at(doc, "machine");
    if (!(machine instanceof Map)) {
      out.add(f("machine", "machine instructions are required"));
      return;
    }
    install(machine, minor, out);
    certificates(doc, machine, out);
    Object hostDns = at(machine, "features", "hostDNS");
    if (isTrue(hostDns, "forwardKubeDNSToHost") && !isTrue(hostDns, "enabled")) {
      out.add(f("machine.features.hostDNS", "feature hostDNS.forwardKubeDNSToHost requires hostDNS.enabled to be"
          + " true (.machine.features.hostDNS)"));
    }
    kubelet(machine, out);
    apiAccess(machine, controlPlane(doc), out);
    String sort = str(machine, "features", "nodeAddressSortAlgorithm");
    if (!sort.isEmpty() && !sort.equals("v1") && !sort.equals("v2")) {
      out.add(f("machine.features.nodeAddressSortAlgorithm", "invalid node address sort algorithm: " + sort
          + " does not belong to AddressSortAlgorithm values"));
    }
    if (Boolean.FALSE.equals(at(doc, "persist"))) {
      out.add(f("persist", ".persist should be enabled"));
    }
    for (String reg : List.of("config", "mirrors")) {
      map(machine, "registries", reg).forEach((k, v) -> {
        if (v == null) {
          out.add(f("machine.registries." + reg, "registries." + reg + "[\"" + k + "\"] is null"));
        }
      });
    }
    Labels.check(machine, out);
  }

  private static void install(Object machine, int minor, List<Finding> out) {
    if (!present(machine, "install")) {
      // releases before the install section became optional refuse a metal config without it
      if (minor < 14) {
        out.add(f("machine.install", "install instructions are required in \"metal\" mode"));
      }
      return;
    }
    Object install = at(machine, "install");
    boolean selector = !map(install, "diskSelector").isEmpty();
    if (str(install, "disk").isEmpty() && !selector) {
      out.add(f("machine.install", "either install disk or diskSelector should be defined"));
    }
    if (!list(install, "extraKernelArgs").isEmpty() && isTrue(install, "grubUseUKICmdline")) {
      out.add(f("machine.install", "install.extraKernelArgs and install.grubUseUKICmdline can't be used together"));
    }
  }

  private static void certificates(Map<String, Object> doc, Object machine, List<Finding> out) {
    String type = str(machine, "type");
    Map<String, Object> ca = map(machine, "ca");
    boolean hasCa = present(machine, "ca");
    if (!hasCa && list(machine, "acceptedCAs").isEmpty()) {
      out.add(f("machine.ca", "issuing CA or some accepted CAs are required (.machine.ca, machine.acceptedCAs)"));
    }
    if (!TYPES.contains(type)) {
      out.add(f("machine.type", "unknown machine type \"" + type + "\""));
    } else if (controlPlane(doc)) {
      if (!hasCa) {
        out.add(f("machine.ca", "issuing CA is required (.machine.ca)"));
      } else if (str(ca, "key").isEmpty()) {
        out.add(f("machine.ca.key", "issuing CA key is required for controlplane nodes (.machine.ca.key)"));
      }
      if (present(doc, "cluster", "network")) {
        CniRules.check(map(doc, "cluster", "network", "cni"), out);
      }
    } else {
      worker(doc, machine, ca, hasCa, out);
    }
  }

  private static void worker(Map<String, Object> doc, Object machine, Map<String, Object> ca, boolean hasCa,
      List<Finding> out) {
    DeviceRules.workerVips(machine, out);
    if (hasCa && !str(ca, "key").isEmpty()) {
      out.add(f("machine.ca.key", "issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)"));
    }
    if (hasCa && str(ca, "crt").isEmpty() && list(machine, "acceptedCAs").isEmpty()) {
      out.add(f("machine.ca.crt", "trusted CA certificates are required on non-controlplane nodes"
          + " (.machine.ca.crt, .machine.acceptedCAs)"));
    }
    if (!str(doc, "cluster", "ca", "key").isEmpty()) {
      out.add(f("cluster.ca.key",
          "issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)"));
    }
  }

  private static void kubelet(Object machine, List<Finding> out) {
    List<?> subnets = list(machine, "kubelet", "nodeIP", "validSubnets");
    for (int i = 0; i < subnets.size(); i++) {
      String c = String.valueOf(subnets.get(i)).replaceFirst("^!", "");
      if (!Net.isIpOrCidr(c)) {
        out.add(f("machine.kubelet.nodeIP.validSubnets[" + i + "]",
            "kubelet nodeIP subnet is not valid: \"" + c + "\""));
      }
    }
  }

  private static void apiAccess(Object machine, boolean controlPlane, List<Finding> out) {
    Object access = at(machine, "features", "kubernetesTalosAPIAccess");
    if (!(access instanceof Map) || !isTrue(access, "enabled")) {
      return;
    }
    if (!controlPlane) {
      out.add(f("machine.features.kubernetesTalosAPIAccess",
          "feature Kubernetes Talos API Access can only be enabled on control plane machines"));
    }
    for (Object r : list(access, "allowedRoles")) {
      if (!ROLES.contains(String.valueOf(r))) {
        out.add(f("machine.features.kubernetesTalosAPIAccess.allowedRoles",
            "invalid role \"" + r + "\" in allowed roles for Kubernetes Talos API Access"));
      }
    }
  }

  static Finding f(String field, String message) {
    return new Finding("v1alpha1", field, message);
  }
}
