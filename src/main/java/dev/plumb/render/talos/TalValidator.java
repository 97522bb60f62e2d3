package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a talconfig before anything is generated: talhelper's checks (reference/talhelper.md §8)
 * plus what talhelper lets through silently: unknown and legacy keys, duplicate hostnames and
 * addresses, {@code @} references that are missing or leave the repository, Talos versions plumb
 * cannot generate for.
 */
public final class TalValidator {
  private static final Pattern HOSTNAME = Pattern.compile(
      "^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$");
  private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.-]+)?$");
  private static final Set<String> FILE_OPS = Set.of("create", "append", "overwrite");

  private final FileTree tree;
  private final List<RenderProblem> problems = new ArrayList<>();

  private TalValidator(FileTree tree) {
    this.tree = tree;
  }

  /** Every problem of the config, in file order as far as possible; empty when it is valid. */
  public static List<RenderProblem> validate(TalConfig cfg, FileTree tree) {
    TalValidator v = new TalValidator(tree);
    v.top(cfg);
    return v.problems.stream().sorted(java.util.Comparator.comparing(RenderProblem::file)
        .thenComparingInt(RenderProblem::line).thenComparingInt(RenderProblem::column)).toList();
  }

  private void add(YNode at, String field, String message) {
    problems.add(new RenderProblem(at.mark().file(), at.mark().line(), at.mark().column(), field, message));
  }

  private void addKey(YMap m, String key, String field, String message) {
    var mk = m.keyMark(key);
    problems.add(new RenderProblem(mk.file(), mk.line(), mk.column(), field, message));
  }

  private void top(TalConfig cfg) {
    YMap root = cfg.root();
    keys(root, TalSchema.TOP, "");
    required(root, "clusterName", "");
    // talhelper defaults talosVersion; a missing kubernetesVersion takes the Talos release's default
    required(root, "endpoint", "");
    root.get("endpoint").ifPresent(this::endpoint);
    root.get("talosVersion").filter(n -> !(n instanceof YScalar s && (s.isNull() || s.text().isEmpty())))
        .ifPresent(this::talosVersion);
    root.get("kubernetesVersion").filter(n -> !(n instanceof YScalar s && (s.isNull() || s.text().isEmpty())))
        .ifPresent(n -> version(n, "kubernetesVersion"));
    for (String k : List.of("clusterPodNets", "clusterSvcNets")) {
      root.get(k).ifPresent(n -> cidrs(n, k));
    }
    for (String k : List.of("additionalMachineCertSans", "additionalApiServerCertSans")) {
      root.get(k).ifPresent(n -> strings(n, k));
    }
    root.get("patches").ifPresent(n -> patches(n, "patches", cfg.dir()));
    for (String g : List.of("controlPlane", "worker")) {
      root.get(g).ifPresent(n -> {
        if (n instanceof YMap m) {
          keys(m, TalSchema.NODE_CONFIGS, g + ".");
          nodeConfigs(m, g + ".", cfg.dir());
        } else if (!(n instanceof YScalar s && s.isNull())) {
          add(n, g, "expected a mapping of node defaults");
        }
      });
    }
    nodes(cfg);
  }

  private void nodes(TalConfig cfg) {
    YNode nodes = cfg.root().get("nodes").orElse(null);
    if (nodes == null) {
      return; // reported as required below
    }
    if (!(nodes instanceof YList list) || list.items().isEmpty()) {
      add(nodes, "nodes", "expected a non-empty list of nodes");
      return;
    }
    Map<String, String> hostnames = new HashMap<>();
    Map<String, String> addresses = new HashMap<>();
    boolean anyControlPlane = false;
    for (int i = 0; i < list.items().size(); i++) {
      YNode item = list.items().get(i);
      String p = "nodes[" + i + "].";
      if (!(item instanceof YMap m)) {
        add(item, "nodes[" + i + "]", "expected a mapping");
        continue;
      }
      Set<String> allowed = new java.util.HashSet<>(TalSchema.NODE_CONFIGS);
      allowed.addAll(TalSchema.NODE_ONLY);
      keys(m, allowed, p);
      for (String b : List.of("controlPlane", "ignoreHostname", "overridePatches", "overrideExtraManifests",
          "overrideMachineCertSANs")) {
        m.get(b).ifPresent(n -> bool(n, p + b));
      }
      TalNode node = TalNode.merge(i, m, cfg.group(
          m.get("controlPlane").filter(n -> n instanceof YScalar s && Boolean.TRUE.equals(s.bool())).isPresent()
              ? "controlPlane" : "worker"));
      anyControlPlane |= node.controlPlane();
      String host = node.hostname();
      if (host.isEmpty()) {
        add(m, p + "hostname", "required: the node's hostname");
      } else if (!HOSTNAME.matcher(host).matches()) {
        add(m.get("hostname").orElseThrow(), p + "hostname", "'" + host + "' is not a valid hostname");
      } else if (hostnames.putIfAbsent(host, p) != null) {
        add(m.get("hostname").orElseThrow(), p + "hostname", "duplicate hostname '" + host + "' (also "
            + hostnames.get(host) + "hostname)");
      }
      if (node.addresses().isEmpty()) {
        add(m, p + "ipAddress", "required: the address(es) plumb reaches the node at");
      }
      for (String a : node.addresses()) {
        if (!isIp(a) && !HOSTNAME.matcher(a).matches()) {
          add(m.get("ipAddress").orElseThrow(), p + "ipAddress", "'" + a + "' is neither an IP address nor a DNS name");
        } else if (addresses.putIfAbsent(a, p) != null) {
          add(m.get("ipAddress").orElseThrow(), p + "ipAddress", "duplicate address '" + a + "' (also "
              + addresses.get(a) + "ipAddress)");
        }
      }
      if (node.get("installDisk").isEmpty() && node.get("installDiskSelector").isEmpty()) {
        add(m, p + "installDisk", "required: installDisk or installDiskSelector");
      }
      nodeConfigs(m, p, cfg.dir());
    }
    if (!anyControlPlane) {
      add(list, "nodes", "no node has controlPlane: true; a cluster needs at least one control plane");
    }
  }

  private void nodeConfigs(YMap m, String p, String dir) {
    m.get("patches").ifPresent(n -> patches(n, p + "patches", dir));
    m.get("schematic").ifPresent(n -> problems.addAll(Schematic.problems(n, p + "schematic")));
    m.get("certSANs").ifPresent(n -> strings(n, p + "certSANs"));
    m.get("nameservers").ifPresent(n -> {
      strings(n, p + "nameservers");
      if (n instanceof YList l) {
        for (YNode x : l.items()) {
          if (x instanceof YScalar s && !isIp(s.text())) {
            add(x, p + "nameservers", "'" + s.text() + "' is not an IP address");
          }
        }
      }
    });
    m.get("talosImageURL").ifPresent(n -> {
      if (n instanceof YScalar s) {
        String last = s.text().substring(s.text().lastIndexOf('/') + 1);
        if (s.text().contains("@") || last.contains(":")) {
          add(n, p + "talosImageURL", "must be an image repository without tag or digest (plumb adds :<talosVersion>)");
        }
      }
    });
    m.get("nodeTaints").ifPresent(n -> {
      if (n instanceof YMap t) {
        for (var e : t.entries().entrySet()) {
          String v = e.getValue() instanceof YScalar s ? s.text() : "";
          String effect = v.contains(":") ? v.substring(v.indexOf(':') + 1) : "";
          if (!effect.isEmpty() && !Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
            add(e.getValue(), p + "nodeTaints." + e.getKey(), "taint effect must be NoSchedule, PreferNoSchedule or NoExecute");
          }
        }
      } else {
        add(n, p + "nodeTaints", "expected a mapping of key: value[:Effect]");
      }
    });
    for (String k : List.of("nodeLabels", "nodeAnnotations")) {
      m.get(k).ifPresent(n -> {
        if (!(n instanceof YMap)) {
          add(n, p + k, "expected a mapping");
        }
      });
    }
    m.get("machineFiles").ifPresent(n -> machineFiles(n, p + "machineFiles", dir));
    m.get("machineSpec").ifPresent(n -> {
      if (n instanceof YMap ms) {
        keys(ms, TalSchema.MACHINE_SPEC, p + "machineSpec.");
      }
    });
  }

  private void machineFiles(YNode n, String field, String dir) {
    if (!(n instanceof YList l)) {
      add(n, field, "expected a list of files");
      return;
    }
    for (int i = 0; i < l.items().size(); i++) {
      String f = field + "[" + i + "]";
      if (!(l.items().get(i) instanceof YMap mf)) {
        add(l.items().get(i), f, "expected a mapping");
        continue;
      }
      String op = mf.get("op").filter(x -> x instanceof YScalar).map(x -> ((YScalar) x).text()).orElse("");
      if (!FILE_OPS.contains(op)) {
        add(mf.get("op").orElse(mf), f + ".op", "must be create, append or overwrite");
      }
      String path = mf.get("path").filter(x -> x instanceof YScalar).map(x -> ((YScalar) x).text()).orElse("");
      if (!path.startsWith("/")) {
        add(mf.get("path").orElse(mf), f + ".path", "must be an absolute path");
      }
      mf.get("content").ifPresent(c -> {
        if (c instanceof YScalar s && s.text().startsWith("@")) {
          reference(c, f + ".content", s.text().substring(1), dir);
        }
      });
    }
  }

  private void patches(YNode n, String field, String dir) {
    if (!(n instanceof YList l)) {
      add(n, field, "expected a list of patches (inline YAML, JSON, or \"@file\")");
      return;
    }
    for (int i = 0; i < l.items().size(); i++) {
      YNode item = l.items().get(i);
      if (!(item instanceof YScalar s)) {
        add(item, field + "[" + i + "]", "a patch must be a string: an inline patch in a block scalar (|-), or \"@file\"");
      } else if (s.text().startsWith("@")) {
        reference(item, field + "[" + i + "]", s.text().substring(1), dir);
      }
    }
  }

  private void reference(YNode at, String field, String rel, String dir) {
    var resolved = FileTree.resolve(dir, rel);
    if (resolved.isEmpty() || (tree instanceof dev.plumb.render.DirectoryTree d && d.escapes(resolved.get()))) {
      add(at, field, "'@" + rel + "' points outside the repository");
    } else if (!tree.isFile(resolved.get())) {
      add(at, field, "'@" + rel + "': no such file (" + resolved.get() + ")");
    }
  }

  private void keys(YMap m, Set<String> allowed, String prefix) {
    for (String k : m.entries().keySet()) {
      if (TalSchema.LEGACY.containsKey(k)) {
        addKey(m, k, prefix + k, TalSchema.LEGACY.get(k));
      } else if (!allowed.contains(k)) {
        addKey(m, k, prefix + k, "unknown field (talhelper would drop it silently)");
      }
    }
  }

  private void required(YMap m, String key, String prefix) {
    YNode v = m.get(key).orElse(null);
    if (v == null || (v instanceof YScalar s && (s.isNull() || s.text().isBlank()))) {
      problems.add(new RenderProblem(m.mark().file(), v == null ? m.mark().line() : v.mark().line(),
          v == null ? m.mark().column() : v.mark().column(), prefix + key, "required, must not be empty"));
    }
  }

  private void endpoint(YNode n) {
    String s = n instanceof YScalar sc ? sc.text() : "";
    try {
      URI u = URI.create(s);
      if (!"https".equals(u.getScheme()) || u.getHost() == null) {
        add(n, "endpoint", "expected https://<host>:<port>, e.g. https://192.168.1.10:6443, got '" + s + "'");
      }
    } catch (IllegalArgumentException e) {
      add(n, "endpoint", "not a URL: '" + s + "'");
    }
  }

  private void talosVersion(YNode n) {
    if (!version(n, "talosVersion")) {
      return;
    }
    var m = VERSION.matcher(((YScalar) n).text());
    m.matches();
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major != 1 || minor < 8 || minor > 13) {
      add(n, "talosVersion", "plumb generates machine configs for Talos v1.8 through v1.13, not "
          + ((YScalar) n).text());
    }
  }

  private boolean version(YNode n, String field) {
    if (!(n instanceof YScalar s) || !VERSION.matcher(s.text()).matches()) {
      add(n, field, "expected a version such as v1.13.9");
      return false;
    }
    return true;
  }

  private void cidrs(YNode n, String field) {
    strings(n, field);
    if (n instanceof YList l) {
      for (YNode x : l.items()) {
        if (x instanceof YScalar s && !isCidr(s.text())) {
          add(x, field, "'" + s.text() + "' is not a CIDR such as 10.244.0.0/16");
        }
      }
    }
  }

  private void strings(YNode n, String field) {
    if (!(n instanceof YList l)) {
      add(n, field, "expected a list of strings");
      return;
    }
    for (YNode x : l.items()) {
      if (!(x instanceof YScalar)) {
        add(x, field, "expected a string");
      }
    }
  }

  private void bool(YNode n, String field) {
    if (!(n instanceof YScalar s) || s.bool() == null) {
      add(n, field, "expected true or false");
    }
  }

  static boolean isIp(String s) {
    if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String p : s.split("\\.")) {
        if (Integer.parseInt(p) > 255) {
          return false;
        }
      }
      return true;
    }
    return s.contains(":") && s.matches("[0-9a-fA-F:.]+") && s.chars().filter(c -> c == ':').count() >= 2;
  }

  static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0 || !isIp(s.substring(0, slash))) {
      return false;
    }
    try {
      int bits = Integer.parseInt(s.substring(slash + 1));
      return bits >= 0 && bits <= (s.contains(":") ? 128 : 32);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
