package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.KeySource;
import dev.plumb.render.sops.KeySources;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.sops.SopsFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb sops decrypt FILE}: prints the plaintext, as {@code sops -d} does. */
@Command(name = "sops", mixinStandardHelpOptions = true,
    description = "SOPS files as plumb reads them.", subcommands = SopsCommand.Decrypt.class)
public final class SopsCommand {

  /** The decrypt subcommand. */
  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = {"Decrypt a SOPS file encrypted for age and print it, to check which keys work.",
          "Keys come from --age-key-file, then as sops takes them: SOPS_AGE_SSH_PRIVATE_KEY_FILE,",
          "SOPS_AGE_SSH_PRIVATE_KEY_CMD, ~/.ssh/id_ed25519, ~/.ssh/id_rsa, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,",
          "SOPS_AGE_KEY_CMD and <config dir>/sops/age/keys.txt. A plain age file (.age) is decrypted too.",
          "The MAC is always verified."})
  public static final class Decrypt implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The encrypted file (.yaml, .json, .env, or binary).")
    Path file;

    @Option(names = "--age-key-file", description = "An age key file to use as well. Repeatable.")
    List<Path> keyFiles = new ArrayList<>();

    @Option(names = "--input-type", description = "yaml, json, dotenv or binary (default: from the file name).")
    String inputType;

    @Override
    public Integer call() {
      byte[] content;
      try {
        content = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new PlumbException("cannot read " + file + ": " + e.getMessage(), e);
      }
      SopsDecryptor sops = new SopsDecryptor(RenderOptions.keySources(keyFiles.stream().map(KeySource::file).toList(),
          KeySources.DEFAULT_TIMEOUT), System.getenv());
      SopsFormat format = inputType == null ? SopsFormat.ofName(file.toString())
          : SopsFormat.valueOf(inputType.toUpperCase(Locale.ROOT));
      byte[] out = SopsDecryptor.isAgeFile(content) ? sops.decryptAgeFile(file.toString(), content).reveal()
          : sops.decrypt(file.toString(), format, content).render().reveal();
      System.out.write(out, 0, out.length);
      System.out.flush();
      return 0;
    }
  }
}
