package dev.plumb.talos;

import dev.plumb.talos.TalosException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Talos sends the kubeconfig as a gzip-compressed tar holding one file named kubeconfig. */
final class KubeconfigArchive {
  private KubeconfigArchive() {}

  static byte[] extract(byte[] tgz, String node) {
    try (var tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && e.getName().replaceFirst("^\\./", "").equals("kubeconfig")) {
          return tar.readAllBytes();
        }
      }
    } catch (IOException e) {
      throw new TalosException(Kind.OTHER, node, "kubeconfig from " + node
          + " is not a gzip-compressed tar: " + e.getMessage(), e);
    }
    throw new TalosException(Kind.OTHER, node, "kubeconfig archive from " + node
        + " holds no file named kubeconfig");
  }
}
