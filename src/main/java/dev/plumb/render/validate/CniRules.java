package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.str;

import java.util.List;
import java.util.Map;

/**
 * ValidateCNI (siderolabs/talos v1alpha1_validation.go), run for control-plane machines: the CNI
 * name, and URLs only for a custom CNI. A missing {@code cni} section means flannel.
 */
final class CniRules {
  private CniRules() {}

  static void check(Map<String, Object> cni, List<Finding> out) {
    String name = cni.isEmpty() ? "flannel" : str(cni, "name");
    List<?> urls = list(cni, "urls");
    boolean flannelArgs = !list(cni, "flannel", "extraArgs").isEmpty();
    switch (name) {
      case "flannel" -> {
        if (!urls.isEmpty()) {
          out.add(f("\"urls\" field should be empty for \"flannel\" CNI"));
        }
      }
      case "none", "custom" -> {
        if (name.equals("none") && !urls.isEmpty()) {
          out.add(f("\"urls\" field should be empty for \"none\" CNI"));
        }
        if (flannelArgs) {
          out.add(f("\"flanneldExtraArgs\" field should be empty for \"" + name + "\" CNI"));
        }
        for (Object u : name.equals("custom") ? urls : List.of()) {
          String err = Net.endpointError(String.valueOf(u));
          if (!err.isEmpty()) {
            out.add(f(err));
          }
        }
      }
      default -> out.add(f("cni name should be one of [\"flannel\", \"custom\", \"none\"]"));
    }
  }

  private static Finding f(String message) {
    return new Finding("v1alpha1", "cluster.network.cni", message);
  }
}
