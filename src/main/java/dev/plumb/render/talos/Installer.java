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
    String tmpl = text(factory.get("installerURLTmpl"), DEFAULT_TMPL);
    Map<String, Object> data = Map.of(
        "RegistryURL", text(factory.get("registryURL"), "factory.talos.dev"),
        "ID", Schematic.id(schematic),
        "Version", version,
        "Mode", text(spec.get("mode"), "metal"),
        "Secureboot", Boolean.TRUE.equals(spec.get("secureboot")));
    try {
      return UrlTemplate.render(tmpl, data);
    } catch (IllegalArgumentException e) {
      YNode at = cfg.root().get("imageFactory").filter(n -> n instanceof YMap)
          .flatMap(n -> ((YMap) n).get("installerURLTmpl")).orElse(cfg.root());
      throw Patches.problem(at, "imageFactory.installerURLTmpl", e.getMessage());
    }
  }

  private static String text(Object v, String dflt) {
    return v == null || String.valueOf(v).isEmpty() ? dflt : String.valueOf(v);
  }
}
