package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.talos.ApplyMode;
import dev.plumb.talos.ApplyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb talos apply}: send a complete machine config to each node. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Apply a complete machine config file to each node (ApplyConfiguration).")
public final class TalosApplyCommand implements Callable<Integer> {
  @Mixin TalosOptions options;

  @Option(names = {"-f", "--file"}, required = true, description = "The machine config (multi-document YAML).")
  Path file;

  @Option(names = {"-m", "--mode"}, defaultValue = "auto",
      description = "auto, no-reboot, reboot, staged or try (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--dry-run", description = "Show the mode and the diff; change nothing.")
  boolean dryRun;

  @Option(names = "--try-timeout", defaultValue = "1m", description = "How long a try-mode config lives (default: ${DEFAULT-VALUE}).")
  String tryTimeout;

  @Override
  public Integer call() {
    byte[] config;
    try {
      config = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PlumbException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ApplyMode m;
    try {
      m = ApplyMode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw new PlumbException("--mode '" + mode + "': expected auto, no-reboot, reboot, staged or try");
    }
    ApplyMode applyMode = m;
    return options.forEachTarget((client, t) -> {
      ApplyResult r = client.applyConfiguration(t, config, applyMode, dryRun, SimCommand.parseDuration(tryTimeout));
      System.out.printf("%s: mode %s%n%s%n", t.label(), r.mode(), r.details());
      r.warnings().forEach(w -> System.out.println("warning: " + w));
    });
  }
}
