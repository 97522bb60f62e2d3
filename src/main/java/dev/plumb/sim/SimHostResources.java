package dev.plumb.sim;

import dev.plumb.talos.api.cosi.Resource;
import dev.plumb.talos.api.resource.definitions.extensions.Layer;
import dev.plumb.talos.api.resource.definitions.extensions.Metadata;
import dev.plumb.talos.api.resource.definitions.hardware.SystemInformationSpec;
import dev.plumb.talos.api.resource.definitions.k8s.NodenameSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host-side resources of a simulated node: Nodename (k8s), ExtensionStatuses (runtime) and
 * SystemInformation (hardware), with the fields Talos fills (pkg/machinery/resources/k8s/nodename.go,
 * resources/runtime/extension_status.go, resources/hardware/system_information.go).
 */
final class SimHostResources {
  /** An Image Factory image: {@code factory.talos.dev/<kind>-installer/<64-hex schematic id>:<tag>}. */
  private static final Pattern FACTORY = Pattern.compile("^[^/]*factory[^/]*/[^/]+/([0-9a-f]{64})(?::|@|$)");

  private SimHostResources() {}

  /** Nodename {@code nodename}: present once the node has a config (NodenameController needs it). */
  static List<Resource> nodenames(SimulatedNode n, String hostnameVersion) {
    Optional<String> name = SimReadiness.nodename(n);
    if (name.isEmpty()) {
      return List.of();
    }
    NodenameSpec spec = NodenameSpec.newBuilder().setNodename(name.get()).setHostnameVersion(hostnameVersion).build();
    return List.of(SimResources.resource("k8s", "Nodenames.kubernetes.talos.dev", "nodename", spec.toByteString(),
        "nodename: " + name.get() + "\nhostnameVersion: \"" + hostnameVersion + "\"\nskipNodeRegistration: false\n"));
  }

  /**
   * One ExtensionStatus per installed extension, ids "0", "1", ... in install order: the
   * {@code machine.install.extensions} images of the config, then the "schematic" pseudo-extension
   * that an Image Factory installer carries (its version is the schematic id). The schematic is the
   * one of the installer image the node booted from, not of the config's {@code machine.install.image}:
   * a config edit alone does not change what runs. The schematic fault makes it report another one.
   */
  static List<Resource> extensionStatuses(SimulatedNode n) {
    List<Layer> layers = new ArrayList<>();
    n.activeConfig().ifPresent(c -> {
      for (String image : installExtensions(c)) {
        layers.add(layer(image, nameOf(image), tagOf(image), ""));
      }
    });
    n.fault(Fault.Kind.SCHEMATIC).map(Fault::arg).or(() -> schematicId(n.install().image()))
        .ifPresent(id -> layers.add(layer("", "schematic", id, "Image Factory")));
    List<Resource> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      Metadata m = l.getMetadata();
      out.add(SimResources.resource("runtime", "ExtensionStatuses.runtime.talos.dev", Integer.toString(i),
          l.toByteString(), "image: " + quoted(l.getImage()) + "\nmetadata:\n    name: " + m.getName()
              + "\n    version: " + quoted(m.getVersion()) + "\n    author: " + quoted(m.getAuthor())
              + "\n    description: \"\"\n    compatibility:\n        talos:\n            version: \"\"\n"));
    }
    return out;
  }

  /** SystemInformation {@code systeminformation}, as SMBIOS of the simulated machine. */
  static List<Resource> systemInformation(SimulatedNode n) {
    SystemInformationSpec spec = SystemInformationSpec.newBuilder().setManufacturer("plumb-sim")
        .setProductName("simulated node").setSerialNumber("SIM-" + n.name()).setUuid(n.hardwareUuid()).build();
    return List.of(SimResources.resource("hardware", "SystemInformations.hardware.talos.dev", "systeminformation",
        spec.toByteString(), "manufacturer: plumb-sim\nproductName: simulated node\nversion: \"\"\nserialnumber: SIM-"
            + n.name() + "\nuuid: " + n.hardwareUuid() + "\nwakeUpType: \"\"\nskuNumber: \"\"\n"));
  }

  static Optional<String> schematicId(String image) {
    Matcher m = FACTORY.matcher(image);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static List<String> installExtensions(MachineConfigView c) {
    Object machine = c.v1alpha1().get("machine");
    Object install = machine instanceof Map<?, ?> m ? m.get("install") : null;
    Object exts = install instanceof Map<?, ?> m ? m.get("extensions") : null;
    List<String> out = new ArrayList<>();
    if (exts instanceof List<?> l) {
      for (Object e : l) {
        if (e instanceof Map<?, ?> m && m.get("image") instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static Layer layer(String image, String name, String version, String author) {
    return Layer.newBuilder().setImage(image)
        .setMetadata(Metadata.newBuilder().setName(name).setVersion(version).setAuthor(author)).build();
  }

  private static String nameOf(String image) {
    String path = image.replaceAll("[:@].*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String tagOf(String image) {
    int at = image.indexOf('@');
    String noDigest = at < 0 ? image : image.substring(0, at);
    int colon = noDigest.lastIndexOf(':');
    return colon > noDigest.lastIndexOf('/') ? noDigest.substring(colon + 1) : "";
  }

  private static String quoted(String s) {
    return s.isEmpty() ? "\"\"" : s;
  }
}
