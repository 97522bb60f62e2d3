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
 * talsecret.sops.yaml, talsecret.yml, talsecret.sops.yml beside the talconfig; failing those a
 * whole-file age secret, talsecret.yaml.age): decrypted with the keys the talenv environment
 * provides, then substituted, then decoded strictly. A missing bundle is an error: plumb
 * never generates secrets silently.
 */
public final class SecretsLoader {
  public static final List<String> NAMES = List.of("talsecret.yaml", "talsecret.sops.yaml", "talsecret.yml",
      "talsecret.sops.yml");
  /** Plain age files (not sops), looked for only when none of talhelper's names exists. */
  public static final List<String> AGE_NAMES = List.of("talsecret.yaml.age", "talsecret.yml.age");

  private SecretsLoader() {}

  public static SecretsBundle load(FileTree tree, TalConfig cfg, SopsDecryptor sops, Optional<byte[]> override) {
    String path = null;
    byte[] bytes;
    if (override.isPresent()) {
      path = "--secrets";
      bytes = override.get();
    } else {
      path = find(tree, cfg, NAMES);
      path = path != null ? path : find(tree, cfg, AGE_NAMES);
      if (path == null) {
        throw new RenderException(new RenderProblem(cfg.file(), 1, 1, "talsecret", "no secrets bundle beside the"
            + " talconfig (" + String.join(", ", NAMES) + "); plumb never generates secrets silently:"
            + " create one with 'plumb gensecret > talsecret.sops.yaml' and encrypt it with sops"));
      }
      bytes = tree.read(path).orElseThrow();
    }
    // talhelper decrypts the talsecret after it exported the talenv entries (see TalConfigLoader)
    SopsDecryptor keyed = sops.withEnv(cfg.env().vars());
    String text;
    try {
      text = new String(plaintext(keyed, path, bytes), StandardCharsets.UTF_8);
    } catch (SopsException e) {
      throw new RenderException(new RenderProblem(path, 1, 1, "", e.getMessage().replace(path + ": ", "")));
    }
    if (text.isBlank()) {
      throw new RenderException(new RenderProblem(path, 1, 1, "", "the secrets bundle is empty"));
    }
    String substituted = new Envsubst(cfg.env().vars(), cfg.env().describe()).apply(path, text);
    return SecretsBundle.decode(path, YamlReader.read(path, substituted).orElseThrow());
  }

  private static String find(FileTree tree, TalConfig cfg, List<String> names) {
    String path = null;
    for (String n : names) {
      String p = cfg.dir().isEmpty() ? n : cfg.dir() + "/" + n;
      if (tree.isFile(p)) {
        path = p;
      }
    }
    return path;
  }

  /**
   * The bundle's text: sops-decrypted, or age-decrypted for a whole-file age secret (which
   * talhelper does not read; plumb opens it with the same identities), or as it is.
   */
  private static byte[] plaintext(SopsDecryptor sops, String path, byte[] bytes) {
    if (SopsDecryptor.isAgeFile(bytes)) {
      return sops.decryptAgeFile(path, bytes).reveal();
    }
    if (path.endsWith(".age")) {
      throw new SopsException(path + ": named .age but not an age file (no age-encryption.org/v1 header)");
    }
    return SopsDecryptor.isEncrypted(path, bytes) ? sops.decrypt(path, bytes).render().reveal() : bytes;
  }
}
