package dev.plumb.render.talos;

import java.util.List;

/**
 * What Talos's generator is given (siderolabs/talos pkg/machinery/config/generate/generate.go
 * {@code Input} and options.go {@code Options}): cluster name, endpoint, Kubernetes version
 * (without {@code v}), contract, secrets, install disk and image, the two SAN lists, DNS domain,
 * pod and service networks, an optional CNI config and the control-plane scheduling switch.
 */
public record GenInput(String clusterName, String endpoint, String kubernetesVersion, TalosContract contract,
    SecretsBundle secrets, String installDisk, String installImage, List<String> machineCertSans,
    List<String> apiServerSans, String dnsDomain, List<String> podNets, List<String> serviceNets, Object cni,
    boolean allowSchedulingOnControlPlanes) {
  public GenInput {
    machineCertSans = List.copyOf(machineCertSans);
    apiServerSans = List.copyOf(apiServerSans);
    podNets = List.copyOf(podNets);
    serviceNets = List.copyOf(serviceNets);
  }

  /**
   * Talos's default pod and service networks: IPv6 ones only when the endpoint itself is a bare
   * IPv6 address, which an https URL never is (generate.go NewInput).
   */
  static List<String> defaultPodNets() {
    return List.of("10.244.0.0/16");
  }

  static List<String> defaultServiceNets() {
    return List.of("10.96.0.0/12");
  }
}
