package dev.plumb.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link FileTree} held in memory: a Git snapshot's files, or synthetic input for benchmarks. */
public final class MemoryTree implements FileTree {
  private final Map<String, byte[]> files = new TreeMap<>();

  public MemoryTree put(String path, String content) {
    files.put(path, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public MemoryTree put(String path, byte[] content) {
    files.put(path, content.clone());
    return this;
  }

  @Override
  public Optional<byte[]> read(String path) {
    byte[] b = files.get(path);
    if (b != null && b.length > MAX_FILE_BYTES) {
      throw new dev.plumb.fleet.PlumbException(path + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return Optional.ofNullable(b).map(byte[]::clone);
  }

  @Override
  public boolean isFile(String path) {
    return files.containsKey(path);
  }

  @Override
  public boolean isDirectory(String path) {
    String prefix = path.isEmpty() ? "" : path + "/";
    return files.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  @Override
  public List<String> list(String dir) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<String> out = new ArrayList<>();
    for (String k : files.keySet()) {
      if (k.startsWith(prefix)) {
        String rest = k.substring(prefix.length());
        String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        if (!out.contains(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }
}
