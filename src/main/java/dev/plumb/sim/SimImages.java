package dev.plumb.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which installer images exist in the simulated world and which Talos version each was built as.
 * A real node reports the version baked into the image it booted, not the tag it was asked for:
 * a floating tag such as {@code installer:v1.13} comes back as {@code v1.13.9}. So the simulator
 * decides the version from this table and never from plumb's tag parsing.
 *
 * <p>The defaults know the official installer ({@code ghcr.io/siderolabs/installer}) and the
 * Image Factory installers ({@code factory.talos.dev/<kind>-installer[-secureboot]/<schematic>}, and
 * {@code factory.talos.dev/installer/<schematic>}) at every exact release tag {@code v1.8.0}..{@code v1.14.x},
 * plus the floating tag {@code v1.13} built as {@code v1.13.9}. Anything else is unknown: pulling it
 * fails and an upgrade to it is refused, as a registry without the image makes a real node do.
 */
public final class SimImages {
  private static final Pattern OFFICIAL = Pattern.compile(
      "ghcr\\.io/siderolabs/installer|factory\\.talos\\.dev/([a-z0-9-]+-)?installer(-secureboot)?/[0-9a-f]+");
  private static final Pattern RELEASE = Pattern.compile("v1\\.(8|9|1[0-4])\\.\\d+");
  private static final Map<String, String> FLOATING = Map.of("v1.13", "v1.13.9");

  private final Map<String, String> extra;

  private SimImages(Map<String, String> extra) {
    this.extra = Map.copyOf(extra);
  }

  /** The official and factory installers, as described on the class. */
  public static SimImages defaults() {
    return new SimImages(Map.of());
  }

  /** These tables plus one more image, built as {@code version} (for private registries in tests). */
  public SimImages with(String image, String version) {
    Map<String, String> m = new HashMap<>(extra);
    m.put(image, version);
    return new SimImages(m);
  }

  /** The version {@code image} was built as, or empty when no such image exists. */
  public Optional<String> versionOf(String image) {
    String pinned = extra.get(image);
    if (pinned != null) {
      return Optional.of(pinned);
    }
    // a digest pins the bytes of a tagged image; the tag still names the release it was built as
    int at = image.indexOf('@');
    String ref = at >= 0 ? image.substring(0, at) : image;
    int colon = ref.lastIndexOf(':');
    if (colon < 0 || colon < ref.lastIndexOf('/')) {
      return Optional.empty();
    }
    String repo = ref.substring(0, colon);
    String tag = ref.substring(colon + 1);
    if (!OFFICIAL.matcher(repo).matches()) {
      return Optional.empty();
    }
    if (RELEASE.matcher(tag).matches()) {
      return Optional.of(tag);
    }
    return Optional.ofNullable(FLOATING.get(tag));
  }

  /** Whether a pull of {@code image} finds it. */
  public boolean exists(String image) {
    return versionOf(image).isPresent();
  }
}
