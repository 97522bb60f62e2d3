package dev.plumb.render.talos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version contract a config is generated for: the Talos minor version (1.8 through 1.13). */
public record TalosContract(int minor, String version) {
  private static final Pattern V = Pattern.compile("^v?1\\.(\\d+)\\.(\\d+).*$");

  public static TalosContract of(String talosVersion) {
    Matcher m = V.matcher(talosVersion);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Talos version: " + talosVersion);
    }
    return new TalosContract(Integer.parseInt(m.group(1)), talosVersion.startsWith("v") ? talosVersion : "v" + talosVersion);
  }

  /** 1.12 and later express network settings as separate documents (HostnameConfig, LinkConfig, ...). */
  public boolean multidocNetwork() {
    return minor >= 12;
  }
}
