package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What plumb applied to a cluster, kept in the cluster as Flux keeps its inventory in the
 * Kustomization status: a ConfigMap {@value #NAMESPACE}/{@value #NAME}, one line per object
 * ({@code apiVersion kind namespace name origin sha256}, "-" for no namespace). {@code origin} is
 * {@code created} when the object did not exist before plumb's first apply, {@code adopted} when it
 * did: prune deletes only created objects. {@code sha256} is the digest of the Git content plumb
 * last applied ({@link dev.plumb.render.KubeObject#sha256}): with {@code kubernetes.drift: report}
 * an object whose Git content is unchanged is not re-applied over live drift. Lines without it
 * (written before it was recorded) read as an unknown digest. kube-system exists in every cluster, is not something
 * an app removes, and is already limited to cluster administrators.
 */
public final class Inventory {
  public static final String NAMESPACE = "kube-system";
  public static final String NAME = "plumb-inventory";
  private static final String KEY = "inventory";

  /** One recorded object; {@code sha256} empty when unknown. */
  public record Entry(String apiVersion, ResourceKey key, boolean created, String sha256) {
    public Entry {
      sha256 = sha256 == null ? "" : sha256;
    }

    public Entry(String apiVersion, ResourceKey key, boolean created) {
      this(apiVersion, key, created, "");
    }
  }

  private Inventory() {}

  /** The entries recorded in the cluster (none when plumb never applied there). */
  public static Map<ResourceKey, Entry> read(KubeClient client) {
    Map<ResourceKey, Entry> out = new LinkedHashMap<>();
    String text = client.get("v1", "ConfigMap", NAMESPACE, NAME)
        .map(cm -> KubeMaps.string(cm, "data", KEY)).orElse(null);
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 5 && f.length != 6) {
        continue;
      }
      String group = f[0].contains("/") ? f[0].substring(0, f[0].indexOf('/')) : "";
      ResourceKey key = new ResourceKey(group, f[1], f[2].equals("-") ? "" : f[2], f[3]);
      out.put(key, new Entry(f[0], key, f[4].equals("created"), f.length == 6 ? f[5] : ""));
    }
    return out;
  }

  /** Replaces the recorded entries. */
  public static void write(KubeClient client, Map<ResourceKey, Entry> entries) {
    List<String> lines = new ArrayList<>();
    new TreeMap<String, Entry>(entries.values().stream().collect(java.util.stream.Collectors.toMap(
        e -> e.key().toString(), e -> e))).values().forEach(e -> lines.add(String.join(" ", e.apiVersion(),
            e.key().kind(), e.key().namespace().isEmpty() ? "-" : e.key().namespace(), e.key().name(),
            e.created() ? "created" : "adopted") + (e.sha256().isEmpty() ? "" : " " + e.sha256())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "v1");
    body.put("kind", "ConfigMap");
    body.put("metadata", Map.of("name", NAME, "namespace", NAMESPACE));
    body.put("data", Map.of(KEY, String.join("\n", lines)));
    client.apply(new Manifest(new ResourceKey("", "ConfigMap", NAMESPACE, NAME), "v1", body), true);
  }
}
