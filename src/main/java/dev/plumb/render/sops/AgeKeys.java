package dev.plumb.render.sops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fixed set of identities (tests, the demo's key file). Everyday decryption gathers its
 * identities from the environment through {@link KeySources} instead.
 */
public record AgeKeys(List<Identity> identities) {
  public AgeKeys {
    identities = List.copyOf(identities);
  }

  public static AgeKeys of(Identity... ids) {
    return new AgeKeys(List.of(ids));
  }

  /** Parses a key file: age keys, one a line, or an SSH private key. */
  public static AgeKeys fromFile(Path p) {
    if (!Files.exists(p)) {
      throw new SopsException("age key file " + p + " does not exist");
    }
    try {
      return new AgeKeys(KeySources.parseKeys(Files.readAllBytes(p), p.toString(), true));
    } catch (IOException e) {
      throw new SopsException("cannot read age key file " + p + ": " + e.getMessage(), e);
    }
  }

  /** The recipients these identities decrypt for, for messages. */
  public List<String> recipients() {
    return identities.stream().map(Identity::recipient).toList();
  }
}
