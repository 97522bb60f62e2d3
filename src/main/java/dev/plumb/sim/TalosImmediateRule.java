package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The simulator's model of Talos's CanApplyImmediate (siderolabs/talos,
 * internal/app/machined/pkg/runtime/v1alpha1/v1alpha1_runtime.go): only the v1alpha1 documents are
 * compared, as typed values; the fields Talos may change live are first copied from the current
 * config into the new one, and any difference left needs a reboot. Other documents (HostnameConfig,
 * LinkConfig, ...) never force one. This is written from Talos's source, not from plumb's planner.
 */
final class TalosImmediateRule {
  /** machine.* fields copied over when both configs have a machine section. */
  private static final List<String> MACHINE_LIVE = List.of("ca", "acceptedCAs", "time", "certSANs", "install",
      "network", "sysfs", "sysctls", "logging", "controlPlane", "kubelet", "kernel", "registries", "pods",
      "seccompProfiles", "nodeAnnotations", "nodeLabels", "nodeTaints");
  /** machine.features.* fields copied over when both configs have a features section. */
  private static final List<String> FEATURES_LIVE = List.of("kubernetesTalosAPIAccess", "kubePrism", "hostDNS",
      "imageCache", "nodeAddressSortAlgorithm");

  private TalosImmediateRule() {}

  /**
   * Why the change cannot be applied without a reboot, as Talos words it, or empty when it can.
   * Talos answers "current/new config is not v1alpha1" when a side lacks the document.
   */
  static Optional<String> refusal(TypedConfig current, TypedConfig next) {
    Optional<ObjectNode> cur = current.v1alpha1();
    Optional<ObjectNode> nxt = next.v1alpha1();
    if (cur.isEmpty()) {
      return Optional.of("current config is not v1alpha1");
    }
    if (nxt.isEmpty()) {
      return Optional.of("new config is not v1alpha1");
    }
    ObjectNode a = cur.get();
    ObjectNode b = nxt.get();
    copy(a, b, "debug");
    copy(a, b, "cluster");
    if (a.get("machine") instanceof ObjectNode am && b.get("machine") instanceof ObjectNode bm) {
      MACHINE_LIVE.forEach(f -> copy(am, bm, f));
      if (am.get("features") instanceof ObjectNode af && bm.get("features") instanceof ObjectNode bf) {
        FEATURES_LIVE.forEach(f -> copy(af, bf, f));
      }
    }
    if (TypedConfig.normalize(a).equals(TypedConfig.normalize(b))) {
      return Optional.empty();
    }
    String diff = TalosConfigDiff.diff(List.of(a), List.of(b));
    return Optional.of("this config change can't be applied in immediate mode\ndiff:\n" + diff);
  }

  /** Go's {@code new.F = current.F}: an absent field stays absent. */
  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v == null) {
      to.remove(field);
    } else {
      to.set(field, v.deepCopy());
    }
  }
}
