package dev.plumb.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks Talos runs on a decoded config that a schema cannot express, with Talos's wording:
 * container.Validate (pkg/machinery/config/container/validate.go) runs v1alpha1.Config.Validate
 * (types/v1alpha1/v1alpha1_validation.go), each document's own Validate, then the conflict checks
 * of new documents against the v1alpha1 document (types/network/hostname.go). Only the rules the
 * simulator's configs can meet are modelled; each is cited where it is written.
 */
final class TalosConfigRules {
  private TalosConfigRules() {}

  /** Every error of the container, in Talos's order; empty when the config is valid. */
  static List<String> validate(List<ConfigDecoder.Decoded> docs) {
    List<String> errors = new ArrayList<>();
    Optional<JsonNode> v1 = docs.stream().filter(ConfigDecoder.Decoded::legacy).map(ConfigDecoder.Decoded::body)
        .findFirst();
    v1.ifPresent(cfg -> {
      List<String> own = v1alpha1(cfg);
      if (!own.isEmpty()) {
        errors.add("v1alpha1.Config: " + GoErrors.multi(own));
      }
    });
    for (ConfigDecoder.Decoded d : docs) {
      if (d.kind().equals("HostnameConfig")) {
        List<String> own = hostnameConfig(d.body());
        if (!own.isEmpty()) {
          errors.add("HostnameConfig: " + String.join("\n", own));
        }
      }
    }
    v1.ifPresent(cfg -> docs.stream().filter(d -> d.kind().equals("HostnameConfig"))
        .forEach(d -> hostnameConflict(cfg).ifPresent(errors::add)));
    return errors;
  }

  /** v1alpha1_validation.go Config.Validate, the rules that apply to every platform. */
  static List<String> v1alpha1(JsonNode cfg) {
    List<String> errs = new ArrayList<>();
    JsonNode machine = cfg.path("machine");
    if (!machine.isObject()) {
      return List.of("machine instructions are required");
    }
    String type = machine.path("type").asText("");
    boolean controlPlane = type.equals("controlplane") || type.equals("init");
    errs.addAll(cluster(cfg.path("cluster"), controlPlane));
    JsonNode install = machine.path("install");
    if (install.isObject() && install.path("disk").asText("").isEmpty() && !install.path("diskSelector").isObject()) {
      errs.add("either install disk or diskSelector should be defined");
    }
    JsonNode ca = machine.path("ca");
    boolean acceptedCAs = machine.path("acceptedCAs").size() > 0;
    if (!ca.isObject() && !acceptedCAs) {
      errs.add("issuing CA or some accepted CAs are required (.machine.ca, machine.acceptedCAs)");
    }
    errs.addAll(machineType(type, cfg, ca, acceptedCAs));
    if (cfg.path("persist").isBoolean() && !cfg.path("persist").asBoolean()) {
      errs.add(".persist should be enabled");
    }
    return errs;
  }

  private static List<String> machineType(String type, JsonNode cfg, JsonNode ca, boolean acceptedCAs) {
    List<String> errs = new ArrayList<>();
    switch (type) {
      case "init", "controlplane" -> {
        JsonNode network = cfg.path("cluster").path("network");
        if (network.isObject()) {
          String cni = network.path("cni").path("name").asText("flannel");
          if (!Set.of("flannel", "custom", "none").contains(cni)) {
            errs.add("cni name should be one of [\"flannel\", \"custom\", \"none\"]");
          }
        }
        if (!ca.isObject()) {
          errs.add("issuing CA is required (.machine.ca)");
        } else if (ca.path("key").asText("").isEmpty()) {
          errs.add("issuing CA key is required for controlplane nodes (.machine.ca.key)");
        }
      }
      case "worker", "join" -> {
        if (ca.isObject() && !ca.path("key").asText("").isEmpty()) {
          errs.add("issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)");
        }
        if (ca.isObject() && ca.path("crt").asText("").isEmpty() && !acceptedCAs) {
          errs.add("trusted CA certificates are required on non-controlplane nodes (.machine.ca.crt,"
              + " .machine.acceptedCAs)");
        }
        if (!cfg.path("cluster").path("ca").path("key").asText("").isEmpty()) {
          errs.add("issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)");
        }
      }
      default -> errs.add("unknown machine type \"" + type + "\"");
    }
    return errs;
  }

  /** ClusterConfig.Validate: an endpoint that parses and names a host, unique inline manifests. */
  private static List<String> cluster(JsonNode cluster, boolean controlPlane) {
    if (!cluster.isObject()) {
      return List.of("cluster instructions are required");
    }
    List<String> errs = new ArrayList<>();
    JsonNode cp = cluster.path("controlPlane");
    if (cp.isObject()) {
      if (!cp.path("endpoint").isTextual()) {
        return List.of("cluster controlplane endpoint is required");
      }
      GoErrors.endpointProblem(cp.path("endpoint").asText())
          .ifPresent(p -> errs.add("invalid controlplane endpoint: " + p));
    }
    Set<String> names = new HashSet<>();
    for (JsonNode m : cluster.path("inlineManifests")) {
      String name = m.path("name").asText("");
      if (name.isBlank()) {
        errs.add("inline manifest name can't be empty");
      }
      if (!names.add(name)) {
        errs.add("inline manifest name \"" + name + "\" is duplicate");
      }
    }
    return errs;
  }

  /** network/hostname.go HostnameConfigV1Alpha1.Validate; errors.Join separates with newlines. */
  static List<String> hostnameConfig(JsonNode doc) {
    List<String> errs = new ArrayList<>();
    String auto = doc.path("auto").asText("off");
    String hostname = doc.path("hostname").asText("");
    if (auto.equals("off") && hostname.isEmpty()) {
      errs.add("either 'auto' or 'hostname' must be set");
    }
    if (!auto.equals("off") && !hostname.isEmpty()) {
      errs.add("'auto' and 'hostname' cannot be set at the same time");
    }
    if (!hostname.isEmpty()) {
      if (hostname.length() > 253) {
        errs.add("fqdn is too long: " + hostname.length());
      }
      String first = hostname.split("\\.", -1)[0];
      if (first.isEmpty() || first.length() > 63) {
        errs.add("invalid hostname \"" + first + "\"");
      }
    }
    return errs;
  }

  /**
   * network/hostname.go V1Alpha1ConflictValidate: a HostnameConfig document may not sit next to a
   * v1alpha1 hostname, static or stable (v1alpha1 AutoHostname is stable when
   * machine.features.stableHostname is true). Talos reports it without a document prefix.
   */
  static Optional<String> hostnameConflict(JsonNode cfg) {
    if (!cfg.path("machine").path("network").path("hostname").asText("").isEmpty()) {
      return Optional.of("static hostname is already set in v1alpha1 config");
    }
    if (cfg.path("machine").path("features").path("stableHostname").asBoolean(false)) {
      return Optional.of("stable hostname is already set in v1alpha1 config");
    }
    return Optional.empty();
  }
}
