package dev.plumb.render;

import java.util.List;
import java.util.Optional;

/**
 * The files of one repository snapshot, by slash-separated paths relative to its root: a Git
 * commit or a directory. Reading never leaves the tree: {@code ..} past the root and symbolic
 * links that point outside are refused.
 */
public interface FileTree {
  /** Files larger than this are refused (1 MiB). */
  int MAX_FILE_BYTES = 1 << 20;

  /** The file's bytes, or empty when there is no such file. */
  Optional<byte[]> read(String path);

  /** Whether a regular file exists at the path. */
  boolean isFile(String path);

  /** Whether a directory exists at the path. */
  boolean isDirectory(String path);

  /** The names of the entries of a directory, sorted. */
  List<String> list(String dir);

  /**
   * Resolves {@code rel} against the directory {@code base} (both tree paths); empty when the
   * result would leave the tree.
   */
  static Optional<String> resolve(String base, String rel) {
    String joined = rel.startsWith("/") ? rel : (base.isEmpty() ? rel : base + "/" + rel);
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String p : joined.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(p);
      }
    }
    if (rel.startsWith("/")) {
      return Optional.empty();
    }
    return Optional.of(String.join("/", parts));
  }

  /** The directory part of a tree path ("" for the root). */
  static String dirOf(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? "" : path.substring(0, i);
  }
}
