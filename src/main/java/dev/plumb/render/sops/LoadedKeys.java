package dev.plumb.render.sops;

import java.util.List;

/**
 * The identities gathered for one decryption and, in the order they were tried, what each
 * source gave: {@code SOPS_AGE_KEY_FILE /x: 1 key (age1...)}, {@code SOPS_AGE_KEY_CMD: not set},
 * an error. The report names public recipients only, never a key.
 */
public record LoadedKeys(List<Identity> identities, List<String> tried) {
  public LoadedKeys {
    identities = List.copyOf(identities);
    tried = List.copyOf(tried);
  }

  /** The report as one phrase for an error message. */
  public String describe() {
    return String.join("; ", tried);
  }
}
