package dev.plumb.plan;

import dev.plumb.render.ClusterDesired;
import dev.plumb.render.MemoryTree;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The example cluster rendered from an in-memory copy of clusters/ and apps/, with overrides. */
public final class DemoDesired {
  private DemoDesired() {}

  public static ClusterDesired render(Map<String, String> overrides) {
    MemoryTree tree = new MemoryTree();
    for (String top : new String[] {"clusters", "apps"}) {
      try (Stream<Path> s = Files.walk(Path.of(top))) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          tree.put(p.toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    overrides.forEach(tree::put);
    SopsDecryptor sops = new SopsDecryptor(AgeKeys.fromFile(Path.of("clusters/demo/age-key.demo-only.txt")));
    return new ClusterRenderer(tree, sops).render("clusters/demo/talconfig.yaml", ClusterRenderer.Options.defaults());
  }

  /** A change to every node that needs a reboot (a new machine.files entry). */
  public static Map<String, String> rebootChange() {
    try {
      String all = Files.readString(Path.of("clusters/demo/patches/all.yaml"));
      return Map.of("clusters/demo/patches/all.yaml", all.replace("machine:\n", "machine:\n  files:\n"
          + "    - path: /var/etc/x\n      content: x\n      permissions: 420\n      op: create\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
