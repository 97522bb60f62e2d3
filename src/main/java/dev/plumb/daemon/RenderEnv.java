package dev.plumb.daemon;

import dev.plumb.render.talos.ClusterRenderer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of the process environment that rendering sees, the same for {@code plan}, {@code sync}
 * and the daemon: only the variables the configuration names ({@code --pass-env}, the daemon's
 * {@code renderEnv}), plus the ones sops reads to find its keys (they decrypt; a talconfig that
 * substitutes them still has to name them to be portable). Everything else a shell or systemd
 * sets (PATH, INVOCATION_ID, ...) would make a render depend on where it ran.
 */
public final class RenderEnv {
  /** Where sops looks for its keys (getsops/sops age/keysource.go, and plumb's KeySources). */
  public static final Set<String> KEY_LOOKUP = Set.of("SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE", "SOPS_AGE_KEY_CMD",
      "SOPS_AGE_SSH_PRIVATE_KEY_FILE", "SOPS_AGE_SSH_PRIVATE_KEY_CMD", "HOME", "XDG_CONFIG_HOME");

  private RenderEnv() {}

  /** {@code env} reduced to {@code named} and the key-lookup variables. */
  public static Map<String, String> only(Map<String, String> env, Collection<String> named) {
    Map<String, String> out = new TreeMap<>();
    env.forEach((k, v) -> {
      if (named.contains(k) || KEY_LOOKUP.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** {@code options} with its process environment reduced as above. */
  public static ClusterRenderer.Options restrict(ClusterRenderer.Options options, Collection<String> named) {
    return new ClusterRenderer.Options(only(options.processEnv(), named), options.explicitEnv(), options.envFiles(),
        options.secrets());
  }
}
