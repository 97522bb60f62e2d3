package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.sops.AgeKeys;
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
          "Keys come from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ~/.config/sops/age/keys.txt and --age-key-file.",
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
      AgeKeys keys = AgeKeys.load(System.getenv(), Path.of(System.getProperty("user.home")), keyFiles);
      SopsFormat format = inputType == null ? SopsFormat.ofName(file.toString())
          : SopsFormat.valueOf(inputType.toUpperCase(Locale.ROOT));
      byte[] out = new SopsDecryptor(keys).decrypt(file.toString(), format, content).render().reveal();
      System.out.write(out, 0, out.length);
      System.out.flush();
      return 0;
    }
  }
}
