package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One rollout per cluster at a time, across processes: an exclusive lock on
 * {@code <state>/locks/<cluster>.lock} (an OS file lock, released by the kernel when the holder
 * dies, even by kill -9), whose content says who holds it. The file itself stays: deleting a lock
 * file lets two processes lock two different files of the same name.
 */
public final class ClusterLock implements AutoCloseable {
  /** Someone else holds the lock; {@link #getMessage()} names them. */
  public static final class HeldException extends PlumbException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private ClusterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code cluster} for {@code command}, or throws {@link HeldException}
   * naming the holder (pid, command, since).
   */
  public static ClusterLock take(Path stateDir, String cluster, String command) {
    Path file = file(stateDir, cluster);
    FileChannel ch = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null; // this process holds it already, on another channel
      }
      if (l == null) {
        String holder = holder(ch);
        ch.close();
        throw new HeldException("cluster " + cluster + " is being rolled out by another plumb ("
            + (holder.isEmpty() ? "holder unknown" : holder) + "); lock " + file);
      }
      String me = "pid " + ProcessHandle.current().pid() + ", " + command + ", since " + Instant.now();
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new ClusterLock(ch, l);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the open failed first: nothing held
        }
      }
      throw new PlumbException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Who holds the lock of {@code cluster} now, if anyone does (for status and messages). */
  public static Optional<String> holder(Path stateDir, String cluster) {
    Path file = file(stateDir, cluster);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l != null) {
        l.release();
        return Optional.empty();
      }
      return Optional.of(holder(ch));
    } catch (OverlappingFileLockException e) {
      return Optional.of("this process");
    } catch (IOException e) {
      throw new PlumbException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Path file(Path stateDir, String cluster) {
    return stateDir.resolve("locks").resolve(cluster + ".lock");
  }

  private static String holder(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1024);
    ch.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the kernel releases the lock with the descriptor in any case
    }
  }
}
