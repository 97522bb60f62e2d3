package dev.plumb.daemon;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.Sensitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daemon config's {@code kubernetes:} section: a kubeconfig per cluster
 * ({@code kubernetes: {CLUSTER: {kubeconfig: PATH}}}), read once at start into memory. A cluster
 * without one gets its kubeconfig from its Talos API. The bytes hold a client key: they are never
 * printed ({@link Sensitive}) nor written anywhere.
 */
public record KubeconfigFiles(Map<String, Entry> clusters) {
  /** One cluster's kubeconfig: the file it was read from (for messages) and its bytes. */
  public record Entry(Path file, Sensitive<byte[]> bytes) {}

  public KubeconfigFiles {
    clusters = Map.copyOf(clusters);
  }

  public static KubeconfigFiles none() {
    return new KubeconfigFiles(Map.of());
  }

  public Optional<Entry> forCluster(String cluster) {
    return Optional.ofNullable(clusters.get(cluster));
  }

  /** Parses the section of {@code file} (null: none) and reads each kubeconfig named. */
  static KubeconfigFiles parse(Path file, Object section) {
    if (section == null) {
      return none();
    }
    if (!(section instanceof Map<?, ?> m)) {
      throw new PlumbException(file + ": kubernetes: expected a map of cluster names, such as"
          + " {home: {kubeconfig: /etc/plumb/home.kubeconfig}}, got " + section);
    }
    Map<String, Entry> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String cluster = String.valueOf(e.getKey());
      String field = "kubernetes." + cluster;
      if (!(e.getValue() instanceof Map<?, ?> c)) {
        throw new PlumbException(file + ": " + field + ": expected {kubeconfig: PATH}, got " + e.getValue());
      }
      for (Object k : c.keySet()) {
        if (!"kubeconfig".equals(k)) {
          throw new PlumbException(file + ": unknown field '" + field + "." + k + "' (known: kubeconfig)");
        }
      }
      Object path = c.get("kubeconfig");
      if (!(path instanceof String s) || s.isBlank()) {
        throw new PlumbException(file + ": " + field + ".kubeconfig: expected the path of a kubeconfig file, got "
            + path);
      }
      Path p = Path.of(s);
      try {
        out.put(cluster, new Entry(p, Sensitive.of(Files.readAllBytes(p))));
      } catch (IOException ex) {
        throw new PlumbException(file + ": " + field + ".kubeconfig: cannot read " + p + " ("
            + (ex instanceof java.nio.file.NoSuchFileException ? "no such file" : ex.getClass().getSimpleName()) + ")");
      }
    }
    return new KubeconfigFiles(out);
  }
}
