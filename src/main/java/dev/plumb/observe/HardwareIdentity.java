package dev.plumb.observe;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the SMBIOS UUID from the YAML spec of Talos's SystemInformation resource. */
final class HardwareIdentity {
  private static final Pattern UUID = Pattern.compile("(?m)^uuid:\\s*['\"]?([0-9A-Fa-f-]+)['\"]?\\s*$");

  private HardwareIdentity() {}

  static String uuid(String yamlSpec) {
    Matcher m = UUID.matcher(yamlSpec);
    return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
  }
}
