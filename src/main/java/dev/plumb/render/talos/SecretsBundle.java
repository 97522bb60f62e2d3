package dev.plumb.render.talos;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Talos secrets bundle (talhelper's talsecret, reference/talhelper.md §6), decoded strictly:
 * exactly the known keys, certificates and keys as base64 PEM. Values live in {@link Sensitive}.
 */
public final class SecretsBundle {
  static final Map<String, Set<String>> SCHEMA = Map.of(
      "cluster", Set.of("id", "secret"),
      "secrets", Set.of("bootstraptoken", "secretboxencryptionsecret", "aescbcencryptionsecret"),
      "trustdinfo", Set.of("token"),
      "certs", Set.of("etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os"));
  static final List<String> REQUIRED = List.of("cluster.id", "cluster.secret", "secrets.bootstraptoken",
      "trustdinfo.token", "certs.etcd.crt", "certs.etcd.key", "certs.k8s.crt", "certs.k8s.key",
      "certs.k8saggregator.crt", "certs.k8saggregator.key", "certs.k8sserviceaccount.key", "certs.os.crt",
      "certs.os.key");

  private final Sensitive<Map<String, String>> values;

  private SecretsBundle(Map<String, String> values) {
    this.values = Sensitive.of(Map.copyOf(values));
  }

  /** Decodes a bundle from parsed YAML; every problem names the file, line and key. */
  public static SecretsBundle decode(String file, YNode root) {
    List<RenderProblem> problems = new ArrayList<>();
    Map<String, String> flat = new LinkedHashMap<>();
    if (!(root instanceof YMap top)) {
      throw new RenderException(problem(file, root, "", "expected a secrets bundle mapping"));
    }
    for (Map.Entry<String, YNode> e : top.entries().entrySet()) {
      Set<String> allowed = SCHEMA.get(e.getKey());
      if (allowed == null) {
        problems.add(problem(file, e.getValue(), e.getKey(), "unknown key in the secrets bundle"));
        continue;
      }
      if (!(e.getValue() instanceof YMap section)) {
        problems.add(problem(file, e.getValue(), e.getKey(), "expected a mapping"));
        continue;
      }
      for (Map.Entry<String, YNode> s : section.entries().entrySet()) {
        String key = e.getKey() + "." + s.getKey();
        if (!allowed.contains(s.getKey())) {
          problems.add(problem(file, s.getValue(), key, "unknown key in the secrets bundle"));
        } else if (e.getKey().equals("certs")) {
          pair(file, key, s.getValue(), flat, problems);
        } else if (s.getValue() instanceof YScalar v && !v.isNull()) {
          flat.put(key, v.text());
        } else {
          problems.add(problem(file, s.getValue(), key, "expected a string"));
        }
      }
    }
    for (String r : REQUIRED) {
      if (!flat.containsKey(r) || flat.get(r).isBlank()) {
        problems.add(new RenderProblem(file, root.mark().line(), root.mark().column(), r, "required in the secrets bundle"));
      }
    }
    boolean secretbox = flat.containsKey("secrets.secretboxencryptionsecret");
    boolean aescbc = flat.containsKey("secrets.aescbcencryptionsecret");
    if (secretbox == aescbc) {
      problems.add(new RenderProblem(file, root.mark().line(), root.mark().column(), "secrets",
          "exactly one of secretboxencryptionsecret and aescbcencryptionsecret is required"));
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return new SecretsBundle(flat);
  }

  private static void pair(String file, String key, YNode node, Map<String, String> flat, List<RenderProblem> problems) {
    if (!(node instanceof YMap m)) {
      problems.add(problem(file, node, key, "expected {crt, key}"));
      return;
    }
    for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
      if (!e.getKey().equals("crt") && !e.getKey().equals("key")) {
        problems.add(problem(file, e.getValue(), key + "." + e.getKey(), "unknown key in the secrets bundle"));
      } else if (e.getValue() instanceof YScalar v && !v.isNull()) {
        flat.put(key + "." + e.getKey(), v.text());
      }
    }
  }

  private static RenderProblem problem(String file, YNode at, String field, String msg) {
    return new RenderProblem(file, at.mark().line(), at.mark().column(), field, msg);
  }

  /** A value by dotted key (e.g. {@code certs.os.crt}); empty string when absent. */
  public String get(String key) {
    return values.reveal().getOrDefault(key, "");
  }

  /** The bundle as YAML, as {@code talhelper gensecret} prints it. */
  public Sensitive<String> toYaml() {
    return values.map(v -> {
      StringBuilder sb = new StringBuilder();
      sb.append("cluster:\n  id: ").append(v.get("cluster.id")).append("\n  secret: ").append(v.get("cluster.secret"));
      sb.append("\nsecrets:\n  bootstraptoken: ").append(v.get("secrets.bootstraptoken"));
      if (v.containsKey("secrets.secretboxencryptionsecret")) {
        sb.append("\n  secretboxencryptionsecret: ").append(v.get("secrets.secretboxencryptionsecret"));
      } else {
        sb.append("\n  aescbcencryptionsecret: ").append(v.get("secrets.aescbcencryptionsecret"));
      }
      sb.append("\ntrustdinfo:\n  token: ").append(v.get("trustdinfo.token")).append("\ncerts:\n");
      for (String c : List.of("etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os")) {
        sb.append("  ").append(c).append(":\n");
        if (!c.equals("k8sserviceaccount")) {
          sb.append("    crt: ").append(v.get("certs." + c + ".crt")).append('\n');
        }
        sb.append("    key: ").append(v.get("certs." + c + ".key")).append('\n');
      }
      return sb.toString();
    });
  }

  static SecretsBundle of(Map<String, String> values) {
    return new SecretsBundle(values);
  }

  @Override
  public String toString() {
    return "SecretsBundle[<redacted>]";
  }
}
