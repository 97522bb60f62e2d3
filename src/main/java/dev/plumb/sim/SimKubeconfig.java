package dev.plumb.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The admin kubeconfig as Talos sends it: a gzip-compressed tar with one file, mode 0600. The
 * server is the fleet's simulated Kubernetes API when one is attached, else the control plane's
 * own address on port 6443 (where nothing answers in the simulator).
 */
final class SimKubeconfig {
  private SimKubeconfig() {}

  static byte[] archive(SimulatedNode n) {
    String cluster = n.clusterName();
    String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: " + cluster + "\n  cluster:\n"
        + "    server: " + n.fleet().kube().map(SimKube::url).orElse("https://" + n.address() + ":6443") + "\n"
        + "users:\n- name: admin@" + cluster + "\n  user: {}\n"
        + "contexts:\n- name: admin@" + cluster + "\n  context:\n    cluster: " + cluster
        + "\n    namespace: default\n    user: admin@" + cluster + "\n"
        + "current-context: admin@" + cluster + "\n";
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(buf))) {
      TarArchiveEntry e = new TarArchiveEntry("kubeconfig");
      e.setSize(body.length);
      e.setMode(0600);
      tar.putArchiveEntry(e);
      tar.write(body);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }
}
