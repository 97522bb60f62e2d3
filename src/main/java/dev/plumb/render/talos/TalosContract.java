package dev.plumb.render.talos;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version contract a config is generated for (Talos's {@code config.VersionContract}): the
 * Talos minor version, 1.8 through 1.13, and the switches of Talos's generator that depend on it
 * (siderolabs/talos pkg/machinery/config/contract.go and generate/*.go). Every switch that is on
 * for all of 1.8-1.13 (kubePrism, hostDNS with forwardKubeDNSToHost, diskQuotaSupport, the
 * exclude-from-external-load-balancers label, clusterName on workers, secretbox encryption,
 * PodSecurity admission, the audit policy) is simply always on here.
 */
public record TalosContract(int minor, String version) {
  /** talhelper's LatestTalosVersion, used when a talconfig has no talosVersion. */
  public static final String LATEST = "v1.13.9";
  private static final Pattern V = Pattern.compile("^v?1\\.(\\d+)($|\\..*)");
  /**
   * Kubernetes versions Talos's machinery ships as DefaultKubernetesVersion per minor release; the
   * patch level is the one of the latest Talos patch release we know of (uncertain, see report).
   */
  private static final Map<Integer, String> KUBERNETES = Map.of(8, "1.31.4", 9, "1.32.3", 10, "1.33.4",
      11, "1.34.1", 12, "1.35.2", 13, "1.36.4");

  /** Parses {@code v1.N[.P]} as Talos's ParseContractFromVersion does (the {@code v} is optional). */
  public static TalosContract of(String talosVersion) {
    Matcher m = V.matcher(talosVersion);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Talos version: " + talosVersion);
    }
    return new TalosContract(Integer.parseInt(m.group(1)), talosVersion.startsWith("v") ? talosVersion : "v" + talosVersion);
  }

  /** 1.12 and later express network settings as separate documents (HostnameConfig, LinkConfig, ...). */
  public boolean multidocNetwork() {
    return minor >= 12;
  }

  /** HideRBACAndKeyUsage: from 1.12 the generator no longer writes features.rbac and apidCheckExtKeyUsage. */
  public boolean rbacAndKeyUsage() {
    return minor < 12;
  }

  /** features.stableHostname only while the hostname lives in v1alpha1 (StableHostnameEnabled && !MultidocNetwork). */
  public boolean stableHostnameFeature() {
    return !multidocNetwork();
  }

  /** HideDisablePSP: apiServer.disablePodSecurityPolicy is written up to 1.11. */
  public boolean disablePodSecurityPolicy() {
    return minor < 12;
  }

  /** The control-plane endpoint's host is an API server certificate SAN by default up to 1.11. */
  public boolean endpointInApiServerSans() {
    return minor < 12;
  }

  /** The empty {@code machine.network: {}} is written unless KubeSpan moved to documents (1.13+). */
  public boolean emptyMachineNetwork() {
    return minor < 13;
  }

  /** Old-style {@code machine.registries: {}} up to 1.11; later, registry documents. */
  public boolean legacyRegistries() {
    return !multidocNetwork();
  }

  /** GrubUseUKICmdlineDefault: install.grubUseUKICmdline true from 1.12. */
  public boolean grubUseUkiCmdline() {
    return minor >= 12;
  }

  /** The Kubernetes version this Talos release defaults to, without {@code v}. */
  public String defaultKubernetesVersion() {
    return KUBERNETES.getOrDefault(minor, KUBERNETES.get(13));
  }
}
