package dev.plumb.observe;

import dev.plumb.render.NodeConfig;
import dev.plumb.render.Policy;
import dev.plumb.render.RenderException;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YValues;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hardware identity Git gives a node: the {@code identities} entry of plumb.yaml (SMBIOS uuid,
 * MACs) plus the MACs the node's own config selects its interfaces by
 * ({@code machine.network.interfaces[].deviceSelector.hardwareAddr}, which talhelper copies from
 * the talconfig's {@code networkInterfaces}, or for Talos 1.12+ the LinkAliasConfig selector
 * {@code glob("<mac>", mac(link.hardware_addr))} it becomes; Talos matches it as a glob, so a
 * pattern such as {@code 00:11:22:*} is kept as one).
 */
public record DeclaredIdentity(String uuid, List<String> macs) {
  public DeclaredIdentity {
    uuid = uuid.toLowerCase(Locale.ROOT);
    macs = macs.stream().map(m -> m.toLowerCase(Locale.ROOT)).distinct().toList();
  }

  public static DeclaredIdentity of(NodeConfig n, Policy p) {
    Policy.NodeIdentity id = p.identities().get(n.hostname());
    List<String> macs = new ArrayList<>(id == null ? List.of() : id.macs());
    macs.addAll(selectorMacs(n.config().reveal()));
    return new DeclaredIdentity(id == null ? "" : id.uuid(), macs);
  }

  /** Whether Git declares anything a machine can be checked against. */
  public boolean declared() {
    return !uuid.isEmpty() || !macs.isEmpty();
  }

  /**
   * Why the machine does not show this identity (empty when it does): its SMBIOS uuid must equal
   * the declared one, and every declared MAC (or pattern) must match one of its links.
   */
  public Optional<String> mismatch(String shownUuid, List<String> shownMacs) {
    if (!uuid.isEmpty() && !uuid.equals(shownUuid)) {
      return Optional.of("hardware uuid " + (shownUuid.isEmpty() ? "unknown" : shownUuid) + ", declared " + uuid);
    }
    for (String want : macs) {
      Pattern glob = glob(want);
      if (shownMacs.stream().noneMatch(m -> glob.matcher(m).matches())) {
        return Optional.of("no link with MAC " + want + " (the machine shows "
            + (shownMacs.isEmpty() ? "none or unknown" : String.join(", ", shownMacs)) + ")");
      }
    }
    return Optional.empty();
  }

  /** Whether a machine that reports {@code answered} is the node Git calls {@code hostname} (Talos keeps the first label as hostname). */
  public static boolean sameHost(String hostname, String answered) {
    String a = answered.toLowerCase(Locale.ROOT);
    String h = hostname.toLowerCase(Locale.ROOT);
    return a.equals(h) || a.equals(h.split("\\.", 2)[0]) || h.equals(a.split("\\.", 2)[0]);
  }

  private static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }

  private static final Pattern CEL_MAC = Pattern.compile(
      "glob\\(\"([^\"]+)\",\\s*mac\\(link\\.(?:hardware|permanent)_addr\\)\\)");

  private static List<String> selectorMacs(byte[] config) {
    List<String> out = new ArrayList<>();
    try {
      for (YNode d : YamlReader.readAll("config", new String(config, StandardCharsets.UTF_8))) {
        Object v = YValues.toJava(d);
        if (v instanceof Map<?, ?> doc && "LinkAliasConfig".equals(doc.get("kind"))
            && doc.get("selector") instanceof Map<?, ?> sel && sel.get("match") instanceof String match) {
          java.util.regex.Matcher m = CEL_MAC.matcher(match);
          while (m.find()) {
            out.add(m.group(1));
          }
        }
        if (v instanceof Map<?, ?> doc && doc.get("machine") instanceof Map<?, ?> machine
            && machine.get("network") instanceof Map<?, ?> net && net.get("interfaces") instanceof List<?> ifs) {
          for (Object i : ifs) {
            if (i instanceof Map<?, ?> m && m.get("deviceSelector") instanceof Map<?, ?> sel
                && sel.get("hardwareAddr") instanceof String mac && !mac.isBlank()) {
              out.add(mac.strip());
            }
          }
        }
      }
    } catch (RenderException e) {
      return List.of();
    }
    return out;
  }
}
