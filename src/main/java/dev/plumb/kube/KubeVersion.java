package dev.plumb.kube;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version ({@code v1.34.1}, {@code 1.34}), as Talos's machinery parses one tolerantly:
 * a leading {@code v}, a missing patch is 0, a pre-release or build suffix is kept for display only.
 */
public record KubeVersion(int major, int minor, int patch, String text) implements Comparable<KubeVersion> {
  private static final Pattern V = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?");

  /** The version, or empty when the text is not one. */
  public static Optional<KubeVersion> parse(String s) {
    Matcher m = V.matcher(s == null ? "" : s.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    String text = "v" + m.group(1) + "." + m.group(2) + "." + patch + (m.group(4) == null ? "" : m.group(4));
    return Optional.of(new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text));
  }

  /** The version an image reference is tagged with ({@code registry.k8s.io/kube-apiserver:v1.34.1}). */
  public static Optional<KubeVersion> ofImage(String image) {
    if (image == null || image.isEmpty()) {
      return Optional.empty();
    }
    int at = image.indexOf('@');
    String ref = at >= 0 ? image.substring(0, at) : image;
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') ? parse(ref.substring(colon + 1)) : Optional.empty();
  }

  /** {@code 1.34}. */
  public String minorText() {
    return major + "." + minor;
  }

  /** How many minors this version is ahead of {@code o} (negative: behind). */
  public int minorsAhead(KubeVersion o) {
    return major != o.major ? (major - o.major) * 1000 : minor - o.minor;
  }

  @Override
  public int compareTo(KubeVersion o) {
    int c = Integer.compare(major, o.major);
    c = c != 0 ? c : Integer.compare(minor, o.minor);
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return text;
  }
}
