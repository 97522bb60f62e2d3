package dev.plumb.cli;

import dev.plumb.render.sops.SopsEncryptor;
import dev.plumb.render.talos.SecretsGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb gensecret}: prints a new Talos secrets bundle, plain or SOPS-encrypted. */
@Command(name = "gensecret", mixinStandardHelpOptions = true,
    description = {"Print a new Talos secrets bundle (talsecret) to stdout, as talhelper gensecret does.",
        "With --age-recipient the output is already SOPS-encrypted for those age keys:",
        "  plumb gensecret --age-recipient age1... > clusters/<name>/talsecret.sops.yaml"})
public final class GensecretCommand implements Callable<Integer> {
  @Option(names = "--age-recipient", description = "Encrypt for this age recipient (age1...). Repeatable.")
  List<String> recipients = new ArrayList<>();

  @Override
  public Integer call() {
    String plain = new SecretsGenerator().generate().toYaml().reveal();
    if (recipients.isEmpty()) {
      System.out.print(plain);
    } else {
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(plain);
      System.out.print(new SopsEncryptor(recipients).encryptYaml(doc, Instant.now()));
    }
    return 0;
  }
}
