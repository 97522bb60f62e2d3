package dev.plumb.render.sops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every place sops takes age identities from (getsops/sops age/keysource.go loadIdentities and
 * loadAgeSSHIdentities), read from a given environment so that talenv entries count, after the
 * sources plumb's own configuration names. Like sops it gathers all of them, not the first: a
 * source that fails is reported and the others still count. Order: plumb's sources, then
 * {@code SOPS_AGE_SSH_PRIVATE_KEY_FILE}, {@code SOPS_AGE_SSH_PRIVATE_KEY_CMD},
 * {@code ~/.ssh/id_ed25519}, {@code ~/.ssh/id_rsa} (sops loads SSH keys first), then
 * {@code SOPS_AGE_KEY}, {@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY_CMD} and
 * {@code <user config dir>/sops/age/keys.txt}.
 */
public final class KeySources {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private final List<KeySource> configured;
  private final boolean macOs;
  private final KeyCommand runner;
  private final Duration timeout;

  /**
   * @param macOs whether the user config dir is macOS's (~/Library/Application Support)
   * @param runner runs key commands
   * @param timeout how long one key command may take
   */
  public KeySources(List<KeySource> configured, boolean macOs, KeyCommand runner, Duration timeout) {
    this.configured = List.copyOf(configured);
    this.macOs = macOs;
    this.runner = runner;
    this.timeout = timeout;
  }

  /**
   * Loads every source under {@code env}; key commands run with {@code SOPS_AGE_RECIPIENT} set
   * to {@code recipient}, as sops runs them for each age entry of a file.
   */
  public LoadedKeys load(Map<String, String> env, String recipient) {
    Run run = new Run(env, recipient);
    for (KeySource s : configured) {
      run.configured(s);
    }
    run.sshSources();
    run.ageSources();
    return new LoadedKeys(run.ids, run.tried);
  }

  /** The user config directory as Go's os.UserConfigDir sees it (sops reads XDG_CONFIG_HOME on macOS too). */
  static Path userConfigDir(Map<String, String> env, boolean macOs) {
    String xdg = env.getOrDefault("XDG_CONFIG_HOME", "");
    if (!xdg.isEmpty()) {
      if (!Path.of(xdg).isAbsolute()) {
        throw new SopsException("path in $XDG_CONFIG_HOME is relative");
      }
      return Path.of(xdg);
    }
    return home(env).resolve(macOs ? "Library/Application Support" : ".config");
  }

  private static Path home(Map<String, String> env) {
    String home = env.getOrDefault("HOME", "");
    if (home.isEmpty()) {
      throw new SopsException("$HOME is not defined");
    }
    return Path.of(home);
  }

  /** Parses key text: age keys one per line, or (where allowed) one SSH private key. */
  static List<Identity> parseKeys(byte[] content, String label, boolean sshAllowed) {
    String text = new String(content, StandardCharsets.UTF_8);
    String head = text.stripLeading();
    if (head.startsWith("age-encryption.org/") || head.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) {
      throw new SopsException("a passphrase-protected age identity file; plumb never asks for a passphrase");
    }
    if (sshAllowed && SshPrivateKeys.looksLikeSshKey(text)) {
      return SshPrivateKeys.parse(content, label);
    }
    return new ArrayList<>(AgeIdentity.parseAll(text, label));
  }

  /** One load: the identities so far and the report. */
  private final class Run {
    final Map<String, String> env;
    final String recipient;
    final List<Identity> ids = new ArrayList<>();
    final List<String> tried = new ArrayList<>();

    Run(Map<String, String> env, String recipient) {
      this.env = env;
      this.recipient = recipient;
    }

    void configured(KeySource s) {
      if (s.file() == null && s.command().isEmpty()) {
        tried.add(s.label() + ": not provided");
      } else if (s.file() != null) {
        if (!s.required() && !Files.exists(s.file())) {
          tried.add(s.label() + ": not provided");
          return;
        }
        add(s.label(), () -> parseKeys(read(s.file()), s.label(), true));
      } else {
        add(s.label(), () -> parseKeys(command(s.command()), s.label(), true));
      }
    }

    void sshSources() {
      String file = env.get("SOPS_AGE_SSH_PRIVATE_KEY_FILE");
      if (unset("SOPS_AGE_SSH_PRIVATE_KEY_FILE", file)) {
        add("SOPS_AGE_SSH_PRIVATE_KEY_FILE " + file, () -> SshPrivateKeys.parse(read(Path.of(file)), file));
      }
      String cmd = env.get("SOPS_AGE_SSH_PRIVATE_KEY_CMD");
      if (unset("SOPS_AGE_SSH_PRIVATE_KEY_CMD", cmd)) {
        add("SOPS_AGE_SSH_PRIVATE_KEY_CMD", () -> SshPrivateKeys.parse(command(KeyCommand.split(cmd)),
            "the output of SOPS_AGE_SSH_PRIVATE_KEY_CMD"));
      }
      Path home;
      try {
        home = home(env);
      } catch (SopsException e) {
        tried.add("~/.ssh: " + e.getMessage());
        return;
      }
      for (String name : List.of("id_ed25519", "id_rsa")) {
        Path p = home.resolve(".ssh").resolve(name);
        if (Files.exists(p)) {
          add(p.toString(), () -> SshPrivateKeys.parse(read(p), p.toString()));
        } else {
          tried.add(p + ": absent");
        }
      }
    }

    void ageSources() {
      String inline = env.get("SOPS_AGE_KEY");
      if (unset("SOPS_AGE_KEY", inline)) {
        add("SOPS_AGE_KEY", () -> parseKeys(inline.getBytes(StandardCharsets.UTF_8), "SOPS_AGE_KEY", false));
      }
      String file = env.get("SOPS_AGE_KEY_FILE");
      if (unset("SOPS_AGE_KEY_FILE", file)) {
        add("SOPS_AGE_KEY_FILE " + file, () -> parseKeys(read(Path.of(file)), "SOPS_AGE_KEY_FILE " + file, false));
      }
      String cmd = env.get("SOPS_AGE_KEY_CMD");
      if (unset("SOPS_AGE_KEY_CMD", cmd)) {
        add("SOPS_AGE_KEY_CMD", () -> parseKeys(command(KeyCommand.split(cmd)), "the output of SOPS_AGE_KEY_CMD",
            false));
      }
      Path keys;
      try {
        keys = userConfigDir(env, macOs).resolve("sops/age/keys.txt");
      } catch (SopsException e) {
        tried.add("sops/age/keys.txt in the user config directory: " + e.getMessage());
        return;
      }
      if (Files.exists(keys)) {
        add(keys.toString(), () -> parseKeys(read(keys), keys.toString(), false));
      } else {
        tried.add(keys + ": absent");
      }
    }

    /** Records a variable that is not set; true when it is set (even empty, as sops's LookupEnv). */
    private boolean unset(String name, String value) {
      if (value == null) {
        tried.add(name + ": not set");
        return false;
      }
      return true;
    }

    private void add(String label, Supplier<List<Identity>> load) {
      try {
        List<Identity> got = load.get();
        ids.addAll(got);
        tried.add(label + ": " + describe(got));
      } catch (SopsException e) {
        tried.add(label + ": " + e.getMessage());
      }
    }

    private byte[] command(List<String> argv) {
      if (argv.isEmpty()) {
        throw new SopsException("the command is empty");
      }
      Map<String, String> cmdEnv = new HashMap<>(env);
      cmdEnv.put("SOPS_AGE_RECIPIENT", recipient);
      KeyCommand.Result r = runner.run(argv, cmdEnv, timeout);
      if (r.timedOut()) {
        throw new SopsException(argv.get(0) + " did not finish within " + timeout.toSeconds() + "s and was stopped");
      }
      if (r.exit() != 0) {
        throw new SopsException(argv.get(0) + " failed (exit " + r.exit() + ")"
            + (r.stderrExcerpt().isEmpty() ? "" : ": " + r.stderrExcerpt()));
      }
      return r.stdout().reveal();
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SopsException(p + " does not exist");
    } catch (IOException e) {
      throw new SopsException("cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String describe(List<Identity> got) {
    if (got.isEmpty()) {
      return "no key";
    }
    List<String> names = got.stream().map(KeySources::shortName).distinct().toList();
    return got.size() + (got.size() == 1 ? " key " : " keys ") + names;
  }

  private static String shortName(Identity id) {
    String r = id.recipient();
    return r.startsWith("ssh-") ? r.substring(0, Math.min(r.length(), 40)) + "..." : r;
  }
}
