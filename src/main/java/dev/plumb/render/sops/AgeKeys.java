package dev.plumb.render.sops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The age identities plumb decrypts with, gathered as sops gathers them: {@code SOPS_AGE_KEY},
 * {@code SOPS_AGE_KEY_FILE}, the default {@code sops/age/keys.txt} under the user config
 * directory, and any key files plumb's own configuration names. All of them, not the first.
 */
public record AgeKeys(List<AgeIdentity> identities) {
  public AgeKeys {
    identities = List.copyOf(identities);
  }

  public static AgeKeys of(AgeIdentity... ids) {
    return new AgeKeys(List.of(ids));
  }

  /** Reads every source that is set; a named file that is missing is an error, the default is not. */
  public static AgeKeys load(Map<String, String> env, Path home, List<Path> extraFiles) {
    List<AgeIdentity> ids = new ArrayList<>();
    String inline = env.get("SOPS_AGE_KEY");
    if (inline != null && !inline.isBlank()) {
      ids.addAll(AgeIdentity.parseAll(inline, "SOPS_AGE_KEY"));
    }
    String file = env.get("SOPS_AGE_KEY_FILE");
    if (file != null && !file.isBlank()) {
      ids.addAll(read(Path.of(file), "SOPS_AGE_KEY_FILE " + file, true));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
    ids.addAll(read(config.resolve("sops/age/keys.txt"), null, false));
    for (Path p : extraFiles) {
      ids.addAll(read(p, p.toString(), true));
    }
    return new AgeKeys(ids);
  }

  /** Parses a key file. */
  public static AgeKeys fromFile(Path p) {
    return new AgeKeys(read(p, p.toString(), true));
  }

  private static List<AgeIdentity> read(Path p, String label, boolean required) {
    if (!Files.exists(p)) {
      if (required) {
        throw new SopsException("age key file " + p + " does not exist");
      }
      return List.of();
    }
    try {
      return AgeIdentity.parseAll(Files.readString(p, StandardCharsets.UTF_8), label == null ? p.toString() : label);
    } catch (IOException e) {
      throw new SopsException("cannot read age key file " + p + ": " + e.getMessage(), e);
    }
  }

  /** The recipients these identities decrypt for, for messages. */
  public List<String> recipients() {
    return identities.stream().map(AgeIdentity::recipient).toList();
  }
}
