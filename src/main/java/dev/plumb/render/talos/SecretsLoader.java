package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsException;
import dev.plumb.render.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Finds and reads a cluster's talsecret as talhelper does (the last existing of talsecret.yaml,
 * talsecret.sops.yaml, talsecret.yml, talsecret.sops.yml beside the talconfig): SOPS-decrypted
 * when encrypted, then substituted, then decoded strictly. A missing bundle is an error: plumb
 * never generates secrets silently.
 */
public final class SecretsLoader {
  public static final List<String> NAMES = List.of("talsecret.yaml", "talsecret.sops.yaml", "talsecret.yml",
      "talsecret.sops.yml");

  private SecretsLoader() {}

  public static SecretsBundle load(FileTree tree, TalConfig cfg, SopsDecryptor sops, Optional<byte[]> override) {
    String path = null;
    byte[] bytes;
    if (override.isPresent()) {
      path = "--secrets";
      bytes = override.get();
    } else {
      for (String n : NAMES) {
        String p = cfg.dir().isEmpty() ? n : cfg.dir() + "/" + n;
        if (tree.isFile(p)) {
          path = p;
        }
      }
      if (path == null) {
        throw new RenderException(new RenderProblem(cfg.file(), 1, 1, "talsecret", "no secrets bundle beside the"
            + " talconfig (" + String.join(", ", NAMES) + "); plumb never generates secrets silently:"
            + " create one with 'plumb gensecret > talsecret.sops.yaml' and encrypt it with sops"));
      }
      bytes = tree.read(path).orElseThrow();
    }
    String text;
    try {
      text = SopsDecryptor.isEncrypted(path, bytes)
          ? new String(sops.decrypt(path, bytes).render().reveal(), StandardCharsets.UTF_8)
          : new String(bytes, StandardCharsets.UTF_8);
    } catch (SopsException e) {
      throw new RenderException(new RenderProblem(path, 1, 1, "", e.getMessage().replace(path + ": ", "")));
    }
    if (text.isBlank()) {
      throw new RenderException(new RenderProblem(path, 1, 1, "", "the secrets bundle is empty"));
    }
    String substituted = new Envsubst(cfg.env().vars(), cfg.env().describe()).apply(path, text);
    return SecretsBundle.decode(path, YamlReader.read(path, substituted).orElseThrow());
  }
}
