package dev.plumb.render.validate;

import dev.plumb.render.yaml.YList;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YScalar;
import dev.plumb.render.yaml.YamlReader;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a patch sets the field a finding is about, so the error names the patch file and
 * line rather than the node entry (issue 7, item 7). The patch text is read as written (before
 * templating and substitution); a patch that does not parse as it stands is not searched.
 */
public final class PatchOrigin {
  private PatchOrigin() {}

  /** The position, within {@code text} read as file {@code file}, of the field {@code f} names. */
  public static Optional<YNode.Mark> locate(String file, String text, Finding f) {
    List<YNode> docs;
    try {
      docs = YamlReader.readAll(file, text);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    for (YNode d : docs) {
      if (d instanceof YMap m && sameDocument(m, f.document())) {
        Optional<YNode.Mark> at = walk(m, f.field());
        if (at.isPresent()) {
          return at;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean sameDocument(YMap m, String document) {
    String kind = scalar(m, "kind");
    if (document.equals("v1alpha1")) {
      return kind.isEmpty();
    }
    int slash = document.indexOf('/');
    String wantKind = slash < 0 ? document : document.substring(0, slash);
    String wantName = slash < 0 ? "" : document.substring(slash + 1);
    return kind.equals(wantKind) && (wantName.isEmpty() || wantName.equals(scalar(m, "name")));
  }

  private static Optional<YNode.Mark> walk(YMap doc, String field) {
    if (field.isEmpty()) {
      return Optional.of(doc.keyMark("kind") != null ? doc.keyMark("kind") : doc.mark());
    }
    YNode cur = doc;
    YNode.Mark at = null;
    for (String seg : field.replace("[", ".[").split("\\.")) {
      if (seg.isEmpty()) {
        continue;
      }
      if (seg.startsWith("[") && cur instanceof YList l) {
        int i = Integer.parseInt(seg.substring(1, seg.length() - 1));
        if (i >= l.items().size()) {
          return Optional.empty();
        }
        cur = l.items().get(i);
        at = cur.mark();
      } else if (cur instanceof YMap m && m.get(seg).isPresent()) {
        at = m.keyMark(seg);
        cur = m.get(seg).get();
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(at);
  }

  private static String scalar(YMap m, String key) {
    return m.get(key).filter(n -> n instanceof YScalar).map(n -> ((YScalar) n).text()).orElse("");
  }
}
