package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.patch.ConfigPatcher;
import dev.plumb.render.patch.LoadedPatch;
import dev.plumb.render.patch.PatchException;
import dev.plumb.render.patch.PatchLoader;
import dev.plumb.render.talos.TalosContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plumb patch CONFIG --patch ...}: {@code talosctl machineconfig patch} (siderolabs/talos
 * cmd/talosctl/cmd/mgmt/machineconfig/patch.go), offline: the same patch loading, results and
 * errors as Talos's configpatcher.
 */
@Command(name = "patch", mixinStandardHelpOptions = true,
    description = {"Patch a machine config file, as talosctl machineconfig patch does.",
        "Each --patch is a strategic merge patch or an RFC 6902 JSON patch, told apart by content: inline text,"
            + " @FILE, or a bare file name. Patches apply in order; consecutive JSON patches are joined."})
public final class PatchCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG", description = "The machine config file.") Path config;

  @Option(names = {"-p", "--patch"}, paramLabel = "PATCH",
      description = "A patch: inline text, @file, or a file name. Repeatable.") List<String> patches = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the patched config (default: standard output).") Path output;

  @Option(names = "--talos-version", paramLabel = "VERSION", defaultValue = "v1.13.0",
      description = "The Talos version whose merge rules apply (default: ${DEFAULT-VALUE}).") String talosVersion;

  @Override
  public Integer call() throws IOException {
    byte[] data = read(config);
    List<LoadedPatch> loaded = PatchLoader.loadAll(patches, p -> new String(read(Path.of(p)), StandardCharsets.UTF_8));
    byte[] patched = new ConfigPatcher(talosVersion, TalosContract.of(talosVersion).minor())
        .apply(config.toString(), data, loaded);
    if (output == null) {
      System.out.print(new String(patched, StandardCharsets.UTF_8) + "\n");
      System.out.flush();
      return 0;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.isDirectory(output)) {
      throw new PlumbException("open " + output + ": is a directory");
    }
    Files.write(output, patched);
    try {
      Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the default mode stands
    }
    return 0;
  }

  /** A file's bytes, or Go's wording for why not (talosctl reports os.ReadFile's error). */
  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new PatchException("open " + p + ": no such file or directory");
    } catch (IOException e) {
      throw new PatchException("open " + p + ": " + (Files.isDirectory(p) ? "is a directory" : e.getMessage()));
    }
  }
}
