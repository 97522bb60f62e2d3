package dev.plumb.plan;

import dev.plumb.observe.ImageSchematic;
import dev.plumb.observe.NodeLive;
import dev.plumb.render.NodeConfig;
import dev.plumb.talos.TalosVersions;
import java.util.List;
import java.util.Optional;

/**
 * Whether a node must be upgraded to its desired installer image: another Talos version, or,
 * for an Image Factory installer ({@code factory.talos.dev/installer/<schematic>:vX}), another
 * schematic than the one the node reports (an extension added, an overlay option changed). When
 * the node's schematic is unknown only the versions are compared, and {@code notes} says so.
 */
final class UpgradeCheck {
  private UpgradeCheck() {}

  /** Why the node needs an upgrade (for the drift), or empty. */
  static Optional<String> needed(NodeConfig n, NodeLive l, List<String> notes) {
    String image = n.installerImage();
    String wantVersion = TalosVersions.tagOfImage(image);
    if (wantVersion.startsWith("v") && !TalosVersions.runsImage(l.version(), image)) {
      return Optional.of(n.hostname() + ": runs Talos " + l.version() + ", wants " + wantVersion);
    }
    String wantSchematic = ImageSchematic.inImage(image);
    if (wantSchematic.isEmpty()) {
      return Optional.empty();
    }
    if (l.schematic().isEmpty()) {
      notes.add(n.hostname() + ": the schematic the node runs is unknown: compared Talos versions only");
      return Optional.empty();
    }
    if (!wantSchematic.equals(l.schematic())) {
      return Optional.of(n.hostname() + ": runs schematic " + l.schematic().substring(0, Math.min(12, l.schematic().length()))
          + ", wants " + wantSchematic.substring(0, 12) + " (" + image + ")");
    }
    return Optional.empty();
  }
}
