package dev.plumb.render.talos;

import dev.plumb.render.talos.GoTemplate.Node;
import dev.plumb.render.talos.GoTemplateExpr.Arg;
import dev.plumb.render.talos.GoTemplateExpr.Cmd;
import dev.plumb.render.talos.GoTemplateExpr.Pipe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a parsed Go template (text/template exec.go semantics) over the v1alpha1 document. */
final class GoTemplateExec {
  /** Talos's Go field names of the v1alpha1 config, to the YAML keys they are written as. */
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("MachineConfig", "machine"), Map.entry("ClusterConfig", "cluster"),
      Map.entry("MachineInstall", "install"), Map.entry("InstallImage", "image"), Map.entry("InstallDisk", "disk"),
      Map.entry("InstallExtraKernelArgs", "extraKernelArgs"), Map.entry("InstallWipe", "wipe"),
      Map.entry("MachineNetwork", "network"), Map.entry("NetworkHostname", "hostname"),
      Map.entry("NetworkInterfaces", "interfaces"), Map.entry("NameServers", "nameservers"),
      Map.entry("MachineType", "type"), Map.entry("ClusterNetwork", "network"),
      Map.entry("ServiceSubnet", "serviceSubnets"), Map.entry("PodSubnet", "podSubnets"),
      Map.entry("DNSDomain", "dnsDomain"), Map.entry("CNI", "cni"), Map.entry("CNIName", "name"),
      Map.entry("ClusterName", "clusterName"), Map.entry("ControlPlane", "controlPlane"),
      Map.entry("Endpoint", "endpoint"), Map.entry("MachineCertSANs", "certSANs"),
      Map.entry("MachineNodeLabels", "nodeLabels"), Map.entry("MachineNodeAnnotations", "nodeAnnotations"),
      Map.entry("MachineKubelet", "kubelet"), Map.entry("KubeletImage", "image"),
      Map.entry("APIServerConfig", "apiServer"), Map.entry("CertSANs", "certSANs"),
      Map.entry("ConfigVersion", "version"), Map.entry("ConfigDebug", "debug"));

  private final String where;
  private final Object root;
  private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();

  GoTemplateExec(String where, Map<String, Object> root) {
    this.where = where;
    this.root = root;
  }

  void run(List<Node> nodes, StringBuilder out) {
    scopes.push(new LinkedHashMap<>(Map.of("$", root == null ? Map.of() : root)));
    walk(nodes, root, out);
  }

  private void walk(List<Node> nodes, Object dot, StringBuilder out) {
    for (Node n : nodes) {
      if (n instanceof GoTemplate.Text t) {
        out.append(t.text());
      } else if (n instanceof GoTemplate.Print p) {
        Object v = pipe(p.pipe(), dot);
        if (p.pipe().vars().isEmpty()) {
          if (v == null) {
            throw error("'{{ " + GoTemplate.shorten(p.source()) + " }}' has no value (Go would write <no value>"
                + " into the config)");
          }
          out.append(GoTemplateFuncs.print(v));
        }
      } else if (n instanceof GoTemplate.If i) {
        scoped(GoTemplateFuncs.truth(pipe(i.cond(), dot)) ? i.then() : i.otherwise(), dot, out);
      } else if (n instanceof GoTemplate.With w) {
        Object v = pipe(w.pipe(), dot);
        scoped(GoTemplateFuncs.truth(v) ? w.body() : w.otherwise(), GoTemplateFuncs.truth(v) ? v : dot, out);
      } else if (n instanceof GoTemplate.Range r) {
        range(r, dot, out);
      }
    }
  }

  private void scoped(List<Node> nodes, Object dot, StringBuilder out) {
    scopes.push(new LinkedHashMap<>());
    try {
      walk(nodes, dot, out);
    } finally {
      scopes.pop();
    }
  }

  private void range(GoTemplate.Range r, Object dot, StringBuilder out) {
    Pipe p = r.pipe();
    Object v = pipe(new Pipe(List.of(), false, p.cmds()), dot);
    List<Object[]> items = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        items.add(new Object[] {(long) i, l.get(i)});
      }
    } else if (v instanceof Map<?, ?> m) {
      new TreeMap<>(m).forEach((k, x) -> items.add(new Object[] {k, x}));
    } else if (v instanceof Long n) {
      for (long i = 0; i < n; i++) {
        items.add(new Object[] {i, i});
      }
    } else if (v != null) {
      throw error("range can't iterate over " + GoTemplateFuncs.print(v));
    }
    if (items.isEmpty()) {
      scoped(r.otherwise(), dot, out);
      return;
    }
    for (Object[] kv : items) {
      scopes.push(new LinkedHashMap<>());
      try {
        List<String> vars = p.vars();
        if (vars.size() == 1) {
          scopes.peek().put(vars.get(0), kv[1]);
        } else if (vars.size() == 2) {
          scopes.peek().put(vars.get(0), kv[0]);
          scopes.peek().put(vars.get(1), kv[1]);
        }
        walk(r.body(), kv[1], out);
      } finally {
        scopes.pop();
      }
    }
  }

  private Object pipe(Pipe p, Object dot) {
    Object value = null;
    boolean first = true;
    for (Cmd c : p.cmds()) {
      value = cmd(c, dot, first ? null : new Object[] {value});
      first = false;
    }
    for (String var : p.vars()) {
      if (p.declare()) {
        scopes.peek().put(var, value);
      } else {
        scopes.stream().filter(s -> s.containsKey(var)).findFirst()
            .orElseThrow(() -> error("undefined variable: " + var)).put(var, value);
      }
    }
    return value;
  }

  private Object cmd(Cmd c, Object dot, Object[] piped) {
    List<Arg> args = c.args();
    if (args.get(0) instanceof GoTemplateExpr.Ident fn) {
      List<Object> values = new ArrayList<>();
      for (Arg a : args.subList(1, args.size())) {
        values.add(operand(a, dot));
      }
      if (piped != null) {
        values.add(piped[0]);
      }
      try {
        return GoTemplateFuncs.call(fn.name(), values);
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }
    if (args.size() > 1 || piped != null) {
      throw error("can't give arguments to a non-function value");
    }
    return operand(args.get(0), dot);
  }

  private Object operand(Arg a, Object dot) {
    if (a instanceof GoTemplateExpr.Lit l) {
      return l.value();
    }
    if (a instanceof GoTemplateExpr.Field f) {
      return fields(dot, f.chain());
    }
    if (a instanceof GoTemplateExpr.Var v) {
      Map<String, Object> scope = scopes.stream().filter(s -> s.containsKey(v.name())).findFirst()
          .orElseThrow(() -> error("undefined variable: " + v.name()));
      return fields(scope.get(v.name()), v.chain());
    }
    if (a instanceof GoTemplateExpr.Sub s) {
      return fields(pipe(s.pipe(), dot), s.chain());
    }
    return cmd(new Cmd(List.of(a)), dot, null);
  }

  private Object fields(Object from, List<String> chain) {
    Object cur = from;
    for (String f : chain) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      String key = m.containsKey(f) ? f : FIELDS.get(f);
      if (key == null) {
        throw error("template field ." + f + " is not supported (supported: "
            + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())) + ")");
      }
      cur = m.get(key);
    }
    return cur;
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(where + ": " + message);
  }
}
