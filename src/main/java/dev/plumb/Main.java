package dev.plumb;

import dev.plumb.cli.PlumbCommand;
import picocli.CommandLine;

/** Composition root: parses the command line and runs the chosen command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs plumb with the arguments and returns the exit code; visible for testing. */
  public static int run(String... args) {
    return PlumbCommand.commandLine().execute(args);
  }
}
