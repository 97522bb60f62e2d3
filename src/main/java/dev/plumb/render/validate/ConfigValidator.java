package dev.plumb.render.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a rendered machine config as the Talos release it is meant for would on apply: every
 * document against that release's JSON schema (what the decoder accepts), then the checks a schema
 * cannot express (each document's Validate, v1alpha1.Config.Validate in metal mode, and the rules
 * across documents). Pure; the schemas are read once per process ({@link TalosSchemas}).
 */
public final class ConfigValidator {
  private ConfigValidator() {}

  /**
   * Every reason Talos 1.{@code minor} would refuse {@code docs}; empty when it would accept them.
   *
   * @param docs the documents in order, as decoded YAML (maps, lists, scalars)
   */
  public static List<Finding> validate(List<Map<String, Object>> docs, int minor) {
    TalosSchemas schemas = TalosSchemas.of(minor);
    List<Finding> out = new ArrayList<>();
    ContainerRules.check(docs, out);
    for (Map<String, Object> d : docs) {
      List<Finding> shape = SchemaCheck.check(schemas, d);
      out.addAll(shape);
      if (!d.containsKey("kind")) {
        v1alpha1(d, minor, out);
      } else {
        DocumentRules.check(d, out);
      }
    }
    return out;
  }

  private static void v1alpha1(Map<String, Object> doc, int minor, List<Finding> out) {
    MachineRules.check(doc, minor, out);
    if (doc.get("machine") instanceof Map<?, ?> machine) {
      ClusterRules.check(doc, MachineRules.controlPlane(doc), out);
      DeviceRules.check(machine, out);
    }
  }
}
