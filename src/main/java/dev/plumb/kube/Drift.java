package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.util.List;

/**
 * How a live object differs from what plumb applied: missing, or the fields plumb set that now
 * hold other values. Values of a Secret's data are never carried: they read {@value #MASKED}.
 */
public record Drift(ResourceKey key, boolean missing, List<Field> fields) {
  public static final String MASKED = "<masked>";

  /** One field: its path (a.b[0].c), the value plumb applied and the live one (null: absent). */
  public record Field(String path, String applied, String live) {}

  public Drift {
    fields = List.copyOf(fields);
  }

  public boolean drifted() {
    return missing || !fields.isEmpty();
  }

  /** Lines for {@code plumb apps diff}: "+ key (missing)" or "~ key" then one line per field. */
  public String render() {
    if (missing) {
      return "+ " + key + " (missing: will be created)\n";
    }
    StringBuilder sb = new StringBuilder("~ " + key + "\n");
    for (Field f : fields) {
      sb.append("    ").append(f.path()).append(": live ").append(f.live() == null ? "(absent)" : f.live())
          .append(", Git ").append(f.applied()).append('\n');
    }
    return sb.toString();
  }
}
