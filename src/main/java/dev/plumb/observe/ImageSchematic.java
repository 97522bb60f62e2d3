package dev.plumb.observe;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Image Factory schematic a node runs, as Talos reports it: an image built by the factory
 * carries a pseudo-extension whose ExtensionStatus has {@code metadata.name: schematic} and the
 * schematic id as {@code metadata.version} (Talos's ImageFactorySchematicController,
 * internal/app/machined/pkg/controllers/runtime/image_factory_schematic.go, reads it the same way).
 */
public final class ImageSchematic {
  /** {@code <registry>/<path>/<64-hex schematic id>:<tag>}, as the Image Factory names its installers. */
  private static final java.util.regex.Pattern FACTORY_IMAGE =
      java.util.regex.Pattern.compile("^[^/]+/(?:[^/]+/)*([0-9a-f]{64})(?::[^/@]+)?(?:@sha256:[0-9a-f]+)?$");

  private ImageSchematic() {}

  /** The schematic id an installer image names (an Image Factory image), or empty. */
  public static String inImage(String image) {
    java.util.regex.Matcher m = FACTORY_IMAGE.matcher(image == null ? "" : image.strip());
    return m.matches() ? m.group(1) : "";
  }

  /** The schematic id, or empty when no extension is the schematic one (a plain installer). */
  static String of(List<String> extensionStatusYamls) {
    Load load = new Load(LoadSettings.builder().build());
    for (String y : extensionStatusYamls) {
      Object doc;
      try {
        doc = load.loadFromString(y);
      } catch (RuntimeException e) {
        continue;
      }
      if (doc instanceof Map<?, ?> m && m.get("metadata") instanceof Map<?, ?> md
          && "schematic".equals(String.valueOf(md.get("name"))) && md.get("version") != null) {
        return String.valueOf(md.get("version")).strip();
      }
    }
    return "";
  }
}
