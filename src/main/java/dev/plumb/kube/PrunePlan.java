package dev.plumb.kube;

import dev.plumb.fleet.ResourceKey;
import java.util.List;

/** What a prune would delete, and what it would leave with the reason; {@code plumb plan} prints it. */
public record PrunePlan(List<Inventory.Entry> delete, List<ApplyReport.Failure> keep) {
  public PrunePlan {
    delete = List.copyOf(delete);
    keep = List.copyOf(keep);
  }

  public List<ResourceKey> deleteKeys() {
    return delete.stream().map(Inventory.Entry::key).toList();
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    delete.forEach(e -> sb.append("- ").append(e.key()).append(" (prune: no longer in Git)\n"));
    keep.forEach(f -> sb.append("  ").append(f.key()).append(" left in place: ").append(f.message()).append('\n'));
    return sb.toString();
  }
}
