package dev.plumb.render;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsException;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of a cluster: {@code clusters/<name>/plumb.yaml} lists {@code apps}, and
 * every YAML document under {@code apps/<app>/} (SOPS-decrypted when encrypted, files in name
 * order) is one object. Each needs apiVersion, kind and metadata.name; an object declared twice
 * is an error.
 */
public final class KubeManifests {
  private KubeManifests() {}

  /** The objects of the given apps (folders under apps/); {@code policyFile} names plumb.yaml in errors. */
  public static List<KubeObject> load(FileTree tree, List<String> apps, String policyFile, SopsDecryptor sops) {
    List<RenderProblem> problems = new ArrayList<>();
    List<KubeObject> out = new ArrayList<>();
    Map<ResourceKey, String> seen = new HashMap<>();
    for (String app : apps) {
      String dir = "apps/" + app;
      if (!tree.isDirectory(dir)) {
        problems.add(new RenderProblem(policyFile, 1, 1, "apps", "no directory " + dir + " for app '" + app + "'"));
        continue;
      }
      for (String file : files(tree, dir)) {
        objects(tree, file, sops, out, seen, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return out;
  }

  private static List<String> files(FileTree tree, String dir) {
    List<String> out = new ArrayList<>();
    for (String name : tree.list(dir)) {
      String p = dir + "/" + name;
      if (tree.isDirectory(p)) {
        out.addAll(files(tree, p));
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        out.add(p);
      }
    }
    return out;
  }

  private static void objects(FileTree tree, String file, SopsDecryptor sops, List<KubeObject> out,
      Map<ResourceKey, String> seen, List<RenderProblem> problems) {
    byte[] bytes = tree.read(file).orElseThrow();
    String text;
    try {
      text = SopsDecryptor.isEncrypted(file, bytes)
          ? new String(sops.decrypt(file, bytes).render().reveal(), StandardCharsets.UTF_8)
          : new String(bytes, StandardCharsets.UTF_8);
    } catch (SopsException e) {
      problems.add(new RenderProblem(file, 1, 1, "", e.getMessage()));
      return;
    }
    for (YNode doc : YamlReader.readAll(file, text)) {
      if (doc instanceof YScalar s && s.isNull()) {
        continue;
      }
      if (!(doc instanceof YMap m)) {
        problems.add(new RenderProblem(file, doc.mark().line(), doc.mark().column(), "", "a manifest must be a mapping"));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) YValues.toJava(m);
      String apiVersion = String.valueOf(body.getOrDefault("apiVersion", ""));
      String kind = String.valueOf(body.getOrDefault("kind", ""));
      Object meta = body.get("metadata");
      String name = meta instanceof Map<?, ?> mm && mm.get("name") != null ? String.valueOf(mm.get("name")) : "";
      String ns = meta instanceof Map<?, ?> mm && mm.get("namespace") != null ? String.valueOf(mm.get("namespace")) : "";
      if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
        problems.add(new RenderProblem(file, m.mark().line(), m.mark().column(), "",
            "a Kubernetes object needs apiVersion, kind and metadata.name"));
        continue;
      }
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      ResourceKey key = new ResourceKey(group, kind, ns, name);
      String prev = seen.putIfAbsent(key, file + ":" + m.mark().line());
      if (prev != null) {
        problems.add(new RenderProblem(file, m.mark().line(), m.mark().column(), key.toString(),
            "declared twice (also " + prev + ")"));
        continue;
      }
      out.add(new KubeObject(key, apiVersion, file, Sensitive.of(body),
          CanonicalYaml.sha256(CanonicalYaml.encode(List.of(body)))));
    }
  }
}
