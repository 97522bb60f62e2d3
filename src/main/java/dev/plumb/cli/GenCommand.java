package dev.plumb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code plumb gen}: generators in the manner of {@code talosctl gen} (today: config). */
@Command(name = "gen", mixinStandardHelpOptions = true, description = "Generate Talos configuration.",
    subcommands = {GenConfigCommand.class})
public final class GenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
