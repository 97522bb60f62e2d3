package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.map;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Node labels, annotations and taints as Talos checks them (siderolabs/talos
 * pkg/machinery/labels, which follows Kubernetes' validation of qualified names and label values).
 */
final class Labels {
  private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$");
  private static final Pattern PREFIX =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private Labels() {}

  static void check(Object machine, List<Finding> out) {
    map(machine, "nodeLabels").forEach((k, v) -> {
      String err = key(k);
      String value = v == null ? "" : String.valueOf(v);
      if (err.isEmpty() && !value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
        err = "invalid label value \"" + value + "\": a valid label must be an empty string or consist of"
            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
      }
      add(out, "machine.nodeLabels." + k, "invalid machine node labels: ", err);
    });
    map(machine, "nodeAnnotations").forEach((k, v) -> add(out, "machine.nodeAnnotations." + k,
        "invalid machine node annotations: ", key(k)));
    map(machine, "nodeTaints").forEach((k, v) -> {
      String err = key(k);
      String value = v == null ? "" : String.valueOf(v);
      int colon = value.lastIndexOf(':');
      // "value:Effect"; the effect is optional (v1alpha1_types.go, MachineNodeTaints)
      String effect = colon < 0 ? "" : value.substring(colon + 1);
      if (err.isEmpty() && colon >= 0 && !EFFECTS.contains(effect)) {
        err = "invalid taint effect \"" + effect + "\" for key \"" + k + "\"";
      }
      add(out, "machine.nodeTaints." + k, "invalid machine node taints: ", err);
    });
  }

  private static void add(List<Finding> out, String field, String prefix, String err) {
    if (!err.isEmpty()) {
      out.add(new Finding("v1alpha1", field, prefix + err));
    }
  }

  /** Kubernetes' qualified-name rule: optional DNS-subdomain prefix (max 253), "/", name (max 63). */
  static String key(String k) {
    int slash = k.indexOf('/');
    String prefix = slash < 0 ? "" : k.substring(0, slash);
    String name = slash < 0 ? k : k.substring(slash + 1);
    if (slash >= 0 && (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
      return "prefix part of key \"" + k + "\" must be a DNS subdomain";
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return "name part of key \"" + k + "\" must consist of alphanumeric characters, '-', '_' or '.', and must"
          + " start and end with an alphanumeric character (max 63 characters)";
    }
    return "";
  }
}
