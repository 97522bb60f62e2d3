package dev.plumb.sim;

import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The files MachineService/Read serves from a simulated node (v1alpha1_server.go Read): a regular
 * file's bytes; a missing path is NotFound with Go's stat error, a directory is a plain error
 * (Unknown) "path must be a regular file". The only file the simulator has is the kernel's boot id,
 * which talosctl reads to tell that a reboot happened.
 */
final class SimFiles {
  static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";
  private static final Set<String> DIRECTORIES = Set.of("/", "/proc", "/proc/sys", "/proc/sys/kernel",
      "/proc/sys/kernel/random", "/etc", "/var", "/system", "/tmp");

  private SimFiles() {}

  static byte[] read(SimulatedNode n, String path) {
    if (path.equals(BOOT_ID)) {
      return (n.install().bootId() + "\n").getBytes(StandardCharsets.US_ASCII);
    }
    String clean = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (DIRECTORIES.contains(clean)) {
      throw Status.UNKNOWN.withDescription("path must be a regular file").asRuntimeException();
    }
    throw Status.NOT_FOUND.withDescription("stat " + path + ": no such file or directory").asRuntimeException();
  }
}
