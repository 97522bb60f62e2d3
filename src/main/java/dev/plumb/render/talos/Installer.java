package dev.plumb.render.talos;

import dev.plumb.render.yaml.YValues;
import java.util.Map;

/**
 * The installer image of a node (reference/talhelper.md §5.4): {@code talosImageURL:<version>}
 * when set, else the Image Factory URL of the node's schematic (the empty schematic by default),
 * {@code <registry>/<mode>-installer[-secureboot]/<id>:<version>}.
 */
final class Installer {
  private Installer() {}

  static String image(TalConfig cfg, TalNode node, TalosContract contract) {
    String version = contract.version();
    var url = node.string("talosImageURL");
    if (url.isPresent()) {
      return url.get() + ":" + version;
    }
    Map<String, Object> schematic = node.get("schematic").map(n -> ConfigGenerator.asMap(YValues.toJava(n)))
        .orElse(null);
    Map<String, Object> spec = node.get("machineSpec").map(n -> ConfigGenerator.asMap(YValues.toJava(n)))
        .orElse(Map.of());
    Map<String, Object> factory = cfg.root().get("imageFactory").map(n -> ConfigGenerator.asMap(YValues.toJava(n)))
        .orElse(Map.of());
    String registry = String.valueOf(factory.getOrDefault("registryURL", "factory.talos.dev"));
    String mode = String.valueOf(spec.getOrDefault("mode", "metal"));
    boolean secureboot = Boolean.TRUE.equals(spec.get("secureboot"));
    return registry + "/" + mode + "-installer" + (secureboot ? "-secureboot" : "") + "/"
        + Schematic.id(schematic) + ":" + version;
  }
}
