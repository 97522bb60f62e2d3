package dev.plumb.render.talos;

import dev.plumb.render.CanonicalYaml;
import dev.plumb.render.ClusterDesired;
import dev.plumb.render.FileTree;
import dev.plumb.render.NodeConfig;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.patch.ConfigDocs;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.validate.ConfigValidator;
import dev.plumb.render.validate.Finding;
import dev.plumb.render.validate.PatchOrigin;
import dev.plumb.render.validate.TalconfigOrigin;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one talconfig into the machine config of each node, in talhelper's order: generate,
 * resolve {@code @file} contents, render templated labels, group and node patches, top-level
 * patches, extraManifests; then check the generated documents. Pure and deterministic.
 */
public final class ClusterRenderer {
  /** The inputs besides the tree: variables, env files, and a secrets bundle that replaces talsecret. */
  public record Options(Map<String, String> processEnv, Map<String, String> explicitEnv, List<String> envFiles,
      Optional<byte[]> secrets) {
    public static Options defaults() {
      return new Options(Map.of(), Map.of(), List.of(), Optional.empty());
    }
  }

  private final FileTree tree;
  private final SopsDecryptor sops;

  public ClusterRenderer(FileTree tree, SopsDecryptor sops) {
    this.tree = tree;
    this.sops = sops;
  }

  public ClusterDesired render(String talconfig, Options opts) {
    TalConfig cfg = new TalConfigLoader(tree, sops).load(talconfig, opts.envFiles(), opts.processEnv(), opts.explicitEnv());
    List<RenderProblem> problems = TalValidator.validate(cfg, tree);
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
    String policyFile = cfg.dir().isEmpty() ? "plumb.yaml" : cfg.dir() + "/plumb.yaml";
    dev.plumb.render.Policy policy = dev.plumb.render.PolicyFile.load(tree, cfg.dir());
    SecretsBundle secrets = SecretsLoader.load(tree, cfg, sops, opts.secrets());
    ConfigGenerator gen = new ConfigGenerator(cfg, secrets);
    Patches patches = new Patches(tree, sops, cfg);
    List<NodeConfig> nodes = new ArrayList<>();
    for (TalNode node : cfg.nodes()) {
      nodes.add(node(cfg, gen, patches, node));
    }
    java.util.Set<String> hostnames = new java.util.HashSet<>();
    nodes.forEach(n -> hostnames.add(n.hostname()));
    for (List<String> wave : policy.waves()) {
      for (String h : wave) {
        if (!hostnames.contains(h)) {
          throw new RenderException(new RenderProblem(policyFile, 1, 1, "rollout.waves",
              "no node '" + h + "' in " + talconfig));
        }
      }
    }
    return new ClusterDesired(cfg.clusterName(), talconfig, cfg.talosVersion(), cfg.string("kubernetesVersion").orElse(""),
        cfg.string("endpoint").orElse(""), nodes,
        dev.plumb.render.KubeManifests.load(tree, policy.apps(), policyFile, sops), policy,
        new ClusterDesired.OsCa(Sensitive.of(secrets.get("certs.os.crt")), Sensitive.of(secrets.get("certs.os.key"))));
  }

  private NodeConfig node(TalConfig cfg, ConfigGenerator gen, Patches patches, TalNode node) {
    List<Map<String, Object>> docs = gen.generate(node);
    new FileContents(cfg, patches).resolve(node, docs);
    templateLabels(node, docs);
    java.util.Set<String> generated = new java.util.HashSet<>(docs.subList(1, docs.size()).stream().map(ConfigDocs::identity).toList());
    docs = patches.apply(docs, node.patches(), node.path("patches"), generated);
    List<YNode> top = cfg.root().get("patches").filter(n -> n instanceof YList).map(n -> ((YList) n).items())
        .orElse(List.of());
    docs = patches.apply(docs, top, "patches", generated);
    docs = extraManifests(cfg, patches, node, docs);
    check(cfg, patches, node, docs);
    byte[] bytes = CanonicalYaml.encode(docs, gen.contract().version());
    List<String> kinds = docs.stream().map(ConfigDocs::identity).toList();
    @SuppressWarnings("unchecked")
    Map<String, Object> install = (Map<String, Object>) ((Map<String, Object>) docs.get(0).get("machine")).get("install");
    return new NodeConfig(node.hostname(), node.addresses(), node.controlPlane(), fileName(cfg, node),
        Sensitive.of(bytes), CanonicalYaml.canonicalSha(bytes), kinds,
        install == null ? "" : String.valueOf(install.get("image")), gen.contract().version());
  }

  @SuppressWarnings("unchecked")
  private static void templateLabels(TalNode node, List<Map<String, Object>> docs) {
    Map<String, Object> machine = (Map<String, Object>) docs.get(0).get("machine");
    for (String field : List.of("nodeLabels", "nodeAnnotations")) {
      if (machine.get(field) instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String v = String.valueOf(e.getValue());
          try {
            out.put(String.valueOf(e.getKey()), GoTemplate.render(v, docs.get(0), "template"));
          } catch (IllegalArgumentException ex) {
            YNode at = node.get(field).orElseThrow();
            throw Patches.problem(at, node.path(field + "." + e.getKey()), ex.getMessage());
          }
        }
        machine.put(field, out);
      }
    }
  }

  private List<Map<String, Object>> extraManifests(TalConfig cfg, Patches patches, TalNode node,
      List<Map<String, Object>> docs) {
    Optional<YNode> em = node.get("extraManifests");
    if (em.isEmpty() || !(em.get() instanceof YList list)) {
      return docs;
    }
    List<Map<String, Object>> out = new ArrayList<>(docs);
    for (YNode item : list.items()) {
      String rel = item instanceof YScalar s ? s.text().replaceFirst("^@", "") : "";
      String path = FileTree.resolve(cfg.dir(), rel).orElseThrow(() -> Patches.problem(item,
          node.path("extraManifests"), "'" + rel + "' points outside the repository"));
      String text = GoTemplate.render(patches.readFile(item, node.path("extraManifests"), path), docs.get(0), path);
      for (YNode d : YamlReader.readAll(path, text)) {
        if (d instanceof YMap) {
          out.add(ConfigGenerator.asMap(dev.plumb.render.yaml.YValues.toJava(d)));
        }
      }
    }
    return out;
  }

  private static void check(TalConfig cfg, Patches patches, TalNode node, List<Map<String, Object>> docs) {
    YNode at = node.raw();
    if (docs.isEmpty() || !ConfigDocs.isV1alpha1(docs.get(0))) {
      throw new RenderException(new RenderProblem(cfg.file(), at.mark().line(), at.mark().column(),
          "nodes[" + node.index() + "]", "the patches removed the v1alpha1 document"));
    }
    TalosContract contract = TalosContract.of(cfg.talosVersion());
    List<RenderProblem> problems = new ArrayList<>();
    for (Finding f : ConfigValidator.validate(docs, contract.minor())) {
      // point at the patch, else the talconfig field, that set the value; else at the node entry
      Optional<YNode.Mark> patched = patchOrigin(cfg, patches, node, f);
      Optional<YNode> origin = patched.isPresent() ? Optional.empty() : TalconfigOrigin.nodeField(f).flatMap(node::get);
      String field = TalconfigOrigin.nodeField(f).filter(k -> origin.isPresent()).map(node::path)
          .orElse("nodes[" + node.index() + "]");
      YNode.Mark where = patched.or(() -> origin.map(YNode::mark)).orElse(at.mark());
      problems.add(new RenderProblem(where.file(), where.line(), where.column(), field,
          "node " + node.hostname() + ", document " + f.document() + (f.field().isEmpty() ? "" : ", field " + f.field())
              + ": " + f.message() + " (Talos " + contract.version() + " would refuse this config)"));
    }
    if (!problems.isEmpty()) {
      throw new RenderException(problems);
    }
  }

  /** Where a node, group or cluster patch sets the field, as written in the patch file or inline text. */
  private static Optional<YNode.Mark> patchOrigin(TalConfig cfg, Patches patches, TalNode node, Finding f) {
    List<YNode> all = new ArrayList<>(node.patches());
    cfg.root().get("patches").filter(n -> n instanceof YList).ifPresent(n -> all.addAll(((YList) n).items()));
    for (YNode p : all) {
      if (!(p instanceof YScalar s)) {
        continue;
      }
      if (s.text().startsWith("@")) {
        Optional<String> path = FileTree.resolve(cfg.dir(), s.text().substring(1));
        Optional<YNode.Mark> hit = path.flatMap(name -> PatchOrigin.locate(name,
            patches.readFile(p, "patches", name), f));
        if (hit.isPresent()) {
          return hit;
        }
      } else {
        Optional<YNode.Mark> hit = PatchOrigin.locate(s.mark().file(), s.text(), f);
        if (hit.isPresent()) {
          // a block scalar's text starts on the line after its indicator; its indentation is not kept (column 0)
          int offset = s.text().contains("\n") ? s.mark().line() : s.mark().line() - 1;
          return Optional.of(new YNode.Mark(s.mark().file(), offset + hit.get().line(), 0));
        }
      }
    }
    return Optional.empty();
  }

  private static String fileName(TalConfig cfg, TalNode node) {
    String tmpl = node.string("filenameTmpl").orElse("{{ .ClusterName }}-{{ .Hostname }}.yaml");
    return tmpl.replaceAll("\\{\\{\\s*\\.ClusterName\\s*}}", cfg.clusterName())
        .replaceAll("\\{\\{\\s*\\.Hostname\\s*}}", node.hostname())
        .replaceAll("\\{\\{\\s*\\.IPAddress\\s*}}", String.join(",", node.addresses()))
        .replaceAll("\\{\\{\\s*\\.Role\\s*}}", node.controlPlane() ? "controlplane" : "worker");
  }
}
