package dev.plumb.render.talos;

import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import java.util.Map;

/**
 * The installer image of a node (reference/talhelper.md §5.4, budimanjojo/talhelper
 * pkg/talos/nodeconfig.go installerURL and schematic.go GetInstallerURL): {@code talosImageURL:<version>}
 * when set, else {@code imageFactory.installerURLTmpl} rendered for the node's schematic (the empty
 * schematic by default) with the fields RegistryURL, ID, Version, Mode and Secureboot.
 */
final class Installer {
  /** talhelper's default installerURLTmpl. */
  static final String DEFAULT_TMPL =
      "{{.RegistryURL}}/{{.Mode}}-installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}";

  private Installer() {}

  static String image(TalConfig cfg, TalNode node, TalosContract contract) {
    String version = contract.version();
    var url = node.string("talosImageURL").filter(u -> !u.isEmpty());
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
    // talhelper's pkg/talos installer URL: imageFactory.installerURLTmpl over RegistryURL, ID, Version, Mode, Secureboot
    String tmpl = factory.get("installerURLTmpl") instanceof String t && !t.isBlank() ? t : DEFAULT_TMPL;
    Map<String, Object> data = Map.of("RegistryURL", registry, "ID", Schematic.id(schematic), "Version", version,
        "Mode", mode, "Secureboot", secureboot);
    try {
      return GoTemplate.render(tmpl, data, "imageFactory.installerURLTmpl");
    } catch (IllegalArgumentException e) {
      var at = cfg.root().get("imageFactory").orElseThrow();
      throw Patches.problem(at, "imageFactory.installerURLTmpl", e.getMessage());
    }
  }
}
