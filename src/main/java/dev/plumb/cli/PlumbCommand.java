package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code plumb} command and its subcommands. */
@Command(
    name = "plumb",
    mixinStandardHelpOptions = true,
    versionProvider = PlumbCommand.Version.class,
    description = "Keeps Talos Linux clusters true to a Git repository.",
    subcommands = {DemoCommand.class, DaemonCommand.class, SyncCommand.class, StatusCommand.class, PlanCommand.class,
        PlanCommand.DiffCommand.class, ValidateCommand.class, RenderCommand.class, PatchCommand.class,
        GensecretCommand.class, GenCommand.class, SimCommand.class, AppsCommand.class, BenchCommand.class, TalosCommand.class,
        SopsCommand.class, CommandLine.HelpCommand.class})
public final class PlumbCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with plumb's error handling: a PlumbException prints its message only. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PlumbCommand());
    // '@file' means a file to plumb patch and gen config, as to talosctl; picocli must not expand it itself
    cl.setExpandAtFiles(false);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      if (ex instanceof PlumbException) {
        line.getErr().println("error: " + ex.getMessage());
        return 1;
      }
      if (ex instanceof java.nio.file.InvalidPathException e) {
        // a file name the JVM cannot encode in this locale (LC_ALL=C with a non-ASCII name), in any command
        line.getErr().println("error: the file name '" + e.getInput() + "' cannot be used in this locale ("
            + System.getProperty("sun.jnu.encoding") + "); run plumb with a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
        return 1;
      }
      throw ex;
    });
    return cl;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PlumbCommand.class.getPackage().getImplementationVersion();
      return new String[] {"plumb " + (v == null ? "dev" : v)};
    }
  }
}
