package dev.plumb.render;

import dev.plumb.render.sops.Sensitive;
import java.util.List;

/**
 * The machine config one node should run: canonical multi-document YAML (it holds the cluster's
 * secrets, hence {@link Sensitive}) and its sha256, plus what plumb needs to reach and judge the
 * node: its addresses, role, installer image and Talos version.
 */
public record NodeConfig(String hostname, List<String> addresses, boolean controlPlane, String fileName,
    Sensitive<byte[]> config, String sha256, List<String> documentKinds, String installerImage,
    String talosVersion) {
  public NodeConfig {
    addresses = List.copyOf(addresses);
    documentKinds = List.copyOf(documentKinds);
  }
}
