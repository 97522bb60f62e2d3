package dev.plumb.talos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Talos version tags ({@code v1.13.9}, {@code v1.13.0-alpha.2}) and the features they gate. */
public final class TalosVersions {
  private static final Pattern TAG = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:-(.+))?");

  private TalosVersions() {}

  /**
   * Whether the node serves the 1.13 upgrade flow (ImageService/Pull + LifecycleService/Upgrade):
   * talosctl uses it for nodes newer than v1.13.0-alpha.2. Unknown tags get the legacy flow.
   */
  public static boolean hasLifecycleUpgrade(String tag) {
    Matcher m = TAG.matcher(tag == null ? "" : tag.trim());
    if (!m.matches()) {
      return false;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    String pre = m.group(4);
    if (major != 1) {
      return major > 1;
    }
    if (minor != 13) {
      return minor > 13;
    }
    if (patch > 0 || pre == null) {
      return true;
    }
    return !(pre.equals("alpha.0") || pre.equals("alpha.1") || pre.equals("alpha.2"));
  }

  /** The tag part of an installer image reference ({@code ghcr.io/siderolabs/installer:v1.13.9}). */
  public static String tagOfImage(String image) {
    int at = image.indexOf('@');
    String ref = at >= 0 ? image.substring(0, at) : image;
    int colon = ref.lastIndexOf(':');
    int slash = ref.lastIndexOf('/');
    return colon > slash ? ref.substring(colon + 1) : "latest";
  }

  /**
   * Whether a node reporting {@code reported} runs what {@code image} installs. A node reports the
   * version it was built as, so a floating tag ({@code installer:v1.13}) is satisfied by any patch
   * release of that minor ({@code v1.13.9}); an exact tag must match exactly.
   */
  public static boolean runsImage(String reported, String image) {
    String tag = tagOfImage(image);
    if (tag.equals(reported)) {
      return true;
    }
    return tag.matches("v\\d+\\.\\d+") && reported != null && reported.startsWith(tag + ".");
  }
}
