package dev.plumb.render.talos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CEL match talhelper writes into a LinkAliasConfig for a legacy {@code deviceSelector}
 * (budimanjojo/talhelper pkg/talos/networkconfig.go, buildDeviceSelectorCELExpression): one
 * {@code glob("<value>", <field>)} per set field in the order hardwareAddr, permanentAddr, busPath,
 * driver, pciID, then {@code physical} as {@code link.type == 1} or {@code link.type != 1}, joined
 * with {@code &&}. The value is inserted as written, unescaped.
 */
final class LinkSelectors {
  private static final String[][] GLOBS = {
    {"hardwareAddr", "mac(link.hardware_addr)"},
    {"permanentAddr", "mac(link.permanent_addr)"},
    {"busPath", "link.bus_path"},
    {"driver", "link.driver"},
    {"pciID", "link.pciid"},
  };

  private LinkSelectors() {}

  /** The match expression, or {@code ""} when no field is set (talhelper then emits no document). */
  static String match(Map<String, Object> selector) {
    List<String> terms = new ArrayList<>();
    for (String[] g : GLOBS) {
      String v = GoFields.str(selector, g[0]);
      if (!v.isEmpty()) {
        terms.add("glob(\"" + v + "\", " + g[1] + ")");
      }
    }
    Boolean physical = GoFields.bool(selector, "physical");
    if (physical != null) {
      terms.add(physical ? "link.type == 1" : "link.type != 1");
    }
    return String.join(" && ", terms);
  }
}
