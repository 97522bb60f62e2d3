package dev.plumb.cli;

import dev.plumb.render.talos.SecretsGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code plumb gensecret}: prints a new Talos secrets bundle. */
@Command(name = "gensecret", mixinStandardHelpOptions = true,
    description = {"Print a new Talos secrets bundle (talsecret) to stdout, as talhelper gensecret does.",
        "Usual flow: plumb gensecret > talsecret.sops.yaml && sops -e -i talsecret.sops.yaml"})
public final class GensecretCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.print(new SecretsGenerator().generate().toYaml().reveal());
    return 0;
  }
}
