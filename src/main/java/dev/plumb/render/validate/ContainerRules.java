package dev.plumb.render.validate;

import static dev.plumb.render.validate.Tree.at;
import static dev.plumb.render.validate.Tree.isTrue;
import static dev.plumb.render.validate.Tree.list;
import static dev.plumb.render.validate.Tree.num;
import static dev.plumb.render.validate.Tree.present;
import static dev.plumb.render.validate.Tree.str;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules across documents: duplicates (pkg/machinery/config/configloader/internal/decoder/decoder.go),
 * conflicting link documents (pkg/machinery/config/container/container.go New, with network/link.go
 * conflictingLinkKinds), and documents that conflict with v1alpha1 settings
 * (V1Alpha1ConflictValidate in network/hostname.go, resolver.go, time_sync.go).
 */
final class ContainerRules {
  private ContainerRules() {}

  static void check(List<Map<String, Object>> docs, List<Finding> out) {
    Set<String> seen = new HashSet<>();
    Map<String, String> links = new HashMap<>();
    for (Map<String, Object> d : docs) {
      String kind = d.containsKey("kind") ? str(d, "kind") : "v1alpha1";
      String key = str(d, "apiVersion") + "/" + kind + "/" + str(d, "name");
      if (!seen.add(key)) {
        out.add(new Finding(DocId.of(d), "", "duplicate document " + key + " is not allowed"));
      }
      if (DocumentRules.LINK_KINDS.contains(kind)) {
        String name = str(d, "name");
        String earlier = links.putIfAbsent(name, kind + "/" + name);
        if (earlier != null && !earlier.equals(kind + "/" + name)) {
          out.add(new Finding(DocId.of(d), "", "conflicting documents: " + earlier + " and " + kind + "/" + name));
        }
      }
    }
    docs.stream().filter(d -> !d.containsKey("kind")).findFirst().ifPresent(v1 -> {
      for (Map<String, Object> d : docs) {
        conflicts(v1, d, out);
      }
    });
  }

  private static void conflicts(Map<String, Object> v1, Map<String, Object> d, List<Finding> out) {
    String id = DocId.of(d);
    Object network = at(v1, "machine", "network");
    switch (str(d, "kind")) {
      case "HostnameConfig" -> {
        // Talos reports these without a document prefix; the v1alpha1 field is the one to change
        if (!str(network, "hostname").isEmpty()) {
          out.add(new Finding("v1alpha1", "machine.network.hostname", "static hostname is already set in v1alpha1"
              + " config (" + id + " sets the hostname)"));
        } else if (isTrue(v1, "machine", "features", "stableHostname")) {
          out.add(new Finding("v1alpha1", "machine.features.stableHostname", "stable hostname is already set in"
              + " v1alpha1 config (" + id + " sets the hostname)"));
        }
      }
      case "ResolverConfig" -> {
        if (present(network, "searchDomains")) {
          out.add(new Finding(id, "", ".machine.network.searchDomains is already set in v1alpha1 config"));
        } else if (!list(network, "nameservers").isEmpty()) {
          out.add(new Finding(id, "", ".machine.network.nameservers is already set in v1alpha1 config"));
        } else if (isTrue(network, "disableSearchDomain")) {
          out.add(new Finding(id, "", ".machine.network.disableSearchDomain is already set in v1alpha1 config"));
        }
      }
      case "TimeSyncConfig" -> timeSync(at(v1, "machine", "time"), id, out);
      default -> { }
    }
  }

  private static void timeSync(Object time, String id, List<Finding> out) {
    if (time == null) {
      return;
    }
    if (isTrue(time, "disabled")) {
      out.add(new Finding(id, "", "time sync cannot be disabled in both v1alpha1 and new-style configuration"));
    } else if (!list(time, "servers").isEmpty()) {
      out.add(new Finding(id, "", "time servers cannot be specified in both v1alpha1 and new-style configuration"));
    } else if (!str(time, "bootTimeout").isEmpty() && !str(time, "bootTimeout").equals("0")
        || num(time, "bootTimeout") != 0) {
      out.add(new Finding(id, "", "boot timeout cannot be specified in both v1alpha1 and new-style configuration"));
    }
  }
}
