package dev.plumb.sim;

import dev.plumb.talos.Pem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Minimal machine configs for simulated clusters (the preconfigured fleet and tests): a v1alpha1
 * document with the fields the simulator reads, plus a HostnameConfig document, as configs for
 * Talos 1.12+ are multi-document. Real configs come from plumb's renderer.
 */
public final class SimConfigs {
  private SimConfigs() {}

  /** A config for one node of a cluster whose OS CA is {@code ca}. */
  public static byte[] node(String cluster, String hostname, boolean controlPlane,
      SimPki.KeyedCert ca, String endpoint, String installerImage) {
    String crt = b64(Pem.encode(ca.cert()));
    String key = controlPlane ? b64(Pem.encode(ca.key())) : "\"\"";
    String yaml = "version: v1alpha1\n"
        + "debug: false\n"
        + "persist: true\n"
        + "machine:\n"
        + "  type: " + (controlPlane ? "controlplane" : "worker") + "\n"
        + "  token: simtkn.0123456789abcdef\n"
        + "  ca:\n"
        + "    crt: " + crt + "\n"
        + "    key: " + key + "\n"
        + "  certSANs: []\n"
        + "  kubelet:\n"
        + "    image: ghcr.io/siderolabs/kubelet:v1.34.1\n"
        + "  install:\n"
        + "    disk: /dev/sda\n"
        + "    image: " + installerImage + "\n"
        + "    wipe: false\n"
        + "cluster:\n"
        + "  clusterName: " + cluster + "\n"
        + "  controlPlane:\n"
        + "    endpoint: " + endpoint + "\n"
        + "---\n"
        + "apiVersion: v1alpha1\n"
        + "kind: HostnameConfig\n"
        + "hostname: " + hostname + "\n";
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
