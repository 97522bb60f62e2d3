package dev.plumb.render.apps;

import dev.plumb.fleet.ResourceKey;
import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.FileTree;
import dev.plumb.render.KubeObject;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
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
import java.util.Optional;

/**
 * Renders the apps a cluster's plumb.yaml lists. An app is a folder {@code apps/<app>/}: with a
 * {@code kustomization.yaml} it is built as kustomize would for the supported subset
 * ({@link Kustomization}); without one, every YAML document of every file under it (sub-folders
 * included, names in order) is one object. Each object needs apiVersion, kind and metadata.name;
 * an object declared twice is an error. Every problem names its file and line.
 */
public final class AppRenderer {
  /** The file names kustomize accepts, in the order it looks for them. */
  static final List<String> KUSTOMIZATION_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private AppRenderer() {}

  /** The objects of the given apps; {@code policyFile} names plumb.yaml in errors. */
  public static ManifestSet render(FileTree tree, List<String> apps, String policyFile, SopsDecryptor sops) {
    List<RenderProblem> problems = new ArrayList<>();
    List<SourceDoc> docs = new ArrayList<>();
    for (String app : apps) {
      String dir = "apps/" + app;
      if (app.contains("..") || !tree.isDirectory(dir)) {
        problems.add(new RenderProblem(policyFile, 1, 1, "apps", "no directory " + dir + " for app '" + app + "'"));
        continue;
      }
      Optional<String> kfile = kustomizationIn(tree, dir);
      if (kfile.isPresent()) {
        docs.addAll(new KustomizeBuild(tree, sops, problems).build(kfile.get()));
      } else {
        for (String file : yamlFiles(tree, dir)) {
          docs.addAll(readDocs(tree, file, sops, problems));
        }
      }
    }
    List<KubeObject> out = toObjects(docs, problems);
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    return new ManifestSet(out);
  }

  static Optional<String> kustomizationIn(FileTree tree, String dir) {
    return KUSTOMIZATION_NAMES.stream().map(n -> dir + "/" + n).filter(tree::isFile).findFirst();
  }

  private static List<String> yamlFiles(FileTree tree, String dir) {
    List<String> out = new ArrayList<>();
    for (String name : tree.list(dir)) {
      String p = dir + "/" + name;
      if (tree.isDirectory(p)) {
        out.addAll(yamlFiles(tree, p));
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        out.add(p);
      }
    }
    return out;
  }

  /** The mapping documents of one file, SOPS-decrypted when the file is encrypted. */
  static List<SourceDoc> readDocs(FileTree tree, String file, SopsDecryptor sops, List<RenderProblem> problems) {
    Optional<byte[]> bytes = tree.read(file);
    if (bytes.isEmpty()) {
      problems.add(new RenderProblem(file, 1, 1, "", "no such file"));
      return List.of();
    }
    String text;
    try {
      text = SopsDecryptor.isEncrypted(file, bytes.get())
          ? new String(sops.decrypt(file, bytes.get()).render().reveal(), StandardCharsets.UTF_8)
          : YamlReader.decode(file, bytes.get());
    } catch (SopsException e) {
      problems.add(new RenderProblem(file, 1, 1, "", e.getMessage()));
      return List.of();
    } catch (RenderException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    List<SourceDoc> out = new ArrayList<>();
    List<YNode> nodes;
    try {
      nodes = YamlReader.readAll(file, text);
    } catch (RenderException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    for (YNode doc : nodes) {
      if (doc instanceof YScalar s && s.isNull()) {
        continue;
      }
      if (!(doc instanceof YMap m)) {
        problems.add(new RenderProblem(file, doc.mark().line(), doc.mark().column(), "", "a manifest must be a mapping"));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) YValues.copy(YValues.toJava(m));
      out.add(new SourceDoc(body, file, m.mark().line()));
    }
    return out;
  }

  private static List<KubeObject> toObjects(List<SourceDoc> docs, List<RenderProblem> problems) {
    List<KubeObject> out = new ArrayList<>();
    Map<ResourceKey, String> seen = new HashMap<>();
    for (SourceDoc d : docs) {
      if (d.apiVersion().isEmpty() || d.kind().isEmpty() || d.name().isEmpty()
          || !(d.body().get("metadata") instanceof Map)) {
        problems.add(new RenderProblem(d.file(), d.line(), 1, "",
            "a Kubernetes object needs apiVersion, kind and metadata.name"));
        continue;
      }
      ResourceKey key = new ResourceKey(d.group(), d.kind(), d.namespace(), d.name());
      String prev = seen.putIfAbsent(key, d.file() + ":" + d.line());
      if (prev != null) {
        problems.add(new RenderProblem(d.file(), d.line(), 1, key.toString(), "declared twice (also " + prev + ")"));
        continue;
      }
      out.add(new KubeObject(key, d.apiVersion(), d.file(), Sensitive.of(d.body()),
          CanonicalYaml.sha256(CanonicalYaml.encode(List.of(d.body())))));
    }
    return out;
  }
}
