package dev.plumb.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts sqlite-jdbc's native library in the state directory once, and tells the driver to load it
 * from there. Left alone, the driver extracts a fresh copy plus a lock file into java.io.tmpdir at
 * every start and removes them only on a clean exit, so each killed daemon leaves about 1 MB behind
 * (issue 11). Must run before the first connection of the JVM; later calls change nothing.
 */
final class SqliteNative {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNative.class);
  private static volatile boolean done;

  private SqliteNative() {}

  static synchronized void prepare(Path stateDir) {
    if (done || System.getProperty("org.sqlite.lib.path") != null) {
      return;
    }
    done = true;
    String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
    String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
    String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
    String version = org.sqlite.SQLiteJDBCLoader.getVersion();
    Path dir = stateDir.resolve("native").resolve("sqlite-jdbc-" + version).resolve(folder.replace('/', '-'));
    Path lib = dir.resolve(name);
    try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
      if (in == null) {
        return; // no bundled library for this platform: the driver's own lookup decides
      }
      if (!Files.isRegularFile(lib)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        move(tmp, lib);
      }
      System.setProperty("org.sqlite.lib.path", dir.toString());
      System.setProperty("org.sqlite.lib.name", name);
    } catch (IOException | RuntimeException e) {
      // a read-only state directory (plumb status as another user): the driver extracts as usual
      LOG.debug("sqlite native library stays with the driver's default: {}", e.getMessage());
    }
  }

  private static void move(Path tmp, Path lib) throws IOException {
    try {
      Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, lib, StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp); // another process put it there first
    }
  }
}
