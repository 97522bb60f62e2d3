package dev.plumb.render.sops;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A key source that plumb's own configuration names, tried before the sops variables: a file
 * (an age keys.txt, or an SSH private key, told apart by content) or a command that prints keys.
 * {@code label} names it in messages, e.g. {@code systemd credential age-key}.
 */
public record KeySource(String label, Path file, List<String> command, boolean required) {
  public KeySource {
    Objects.requireNonNull(label, "label");
    command = List.copyOf(command);
    if (file != null && !command.isEmpty() || file == null && command.isEmpty() && required) {
      throw new IllegalArgumentException("a key source is either a file or a command");
    }
  }

  /** A key file that must exist (--age-key-file, the daemon's ageKeyFiles). */
  public static KeySource file(Path file) {
    return new KeySource(file.toString(), file, List.of(), true);
  }

  /** A file that may be absent (a systemd credential the unit does not load). */
  public static KeySource optionalFile(String label, Path file) {
    return new KeySource(label, file, List.of(), false);
  }

  /** A source that is configured but not there, reported as such (a credential outside systemd). */
  public static KeySource absent(String label) {
    return new KeySource(label, null, List.of(), false);
  }

  /** A command whose stdout holds age keys or an SSH private key. */
  public static KeySource command(String label, List<String> argv) {
    return new KeySource(label, null, argv, true);
  }
}
