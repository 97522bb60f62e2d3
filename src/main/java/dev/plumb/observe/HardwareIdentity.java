package dev.plumb.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a machine's hardware identity from the YAML specs of Talos resources: the SMBIOS UUID of
 * SystemInformation, and the MAC addresses of its LinkStatuses ({@code hardwareAddr}, and
 * {@code permanentAddr} for a link whose address was changed, e.g. a bond member). Both resources
 * are non-sensitive, so an os:reader (every caller in maintenance mode) may read them.
 */
final class HardwareIdentity {
  private static final Pattern UUID = Pattern.compile("(?m)^uuid:\\s*['\"]?([0-9A-Fa-f-]+)['\"]?\\s*$");
  private static final Pattern MAC = Pattern.compile(
      "(?m)^(?:hardwareAddr|permanentAddr):\\s*['\"]?((?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2})['\"]?\\s*$");

  private HardwareIdentity() {}

  static String uuid(String yamlSpec) {
    Matcher m = UUID.matcher(yamlSpec);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
  }

  /** The distinct Ethernet-sized MAC addresses of the links, lower case; the all-zero one (loopback) left out. */
  static List<String> macs(List<String> linkYamlSpecs) {
    List<String> out = new ArrayList<>();
    for (String y : linkYamlSpecs) {
      Matcher m = MAC.matcher(y);
      while (m.find()) {
        String mac = m.group(1).toLowerCase(Locale.ROOT);
        if (!mac.equals("00:00:00:00:00:00") && !out.contains(mac)) {
          out.add(mac);
        }
      }
    }
    return out;
  }
}
