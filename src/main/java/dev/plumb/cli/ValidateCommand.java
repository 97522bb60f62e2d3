package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.TalConfig;
import dev.plumb.render.talos.TalConfigLoader;
import dev.plumb.render.talos.TalEnv;
import dev.plumb.render.talos.TalValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plumb validate PATH}: checks talconfigs without touching any node. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check a talconfig (a file such as talconfig.prod.yaml, a directory holding talconfig.yaml,"
        + " or a fleet repository with clusters/*/talconfig.yaml).",
        "Exit 0 when valid; otherwise exit 1 and one 'file:line:col: field: message' line per problem."})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PATH", description = "talconfig file, its directory, or a fleet repository.")
  Path path;

  @Option(names = "--env", description = "KEY=VALUE for ${KEY} in the talconfig; wins over env files. Repeatable.")
  List<String> env = new ArrayList<>();

  @Option(names = "--env-file", description = "Env file (relative to the talconfig's directory) instead of talenv*.yaml. Repeatable.")
  List<String> envFiles = new ArrayList<>();

  @Option(names = "--no-env-files", description = "Read no env file; variables come from --env and the process environment.")
  boolean noEnvFiles;

  @Option(names = "--age-key-file", description = "An age key file for SOPS-encrypted files. Repeatable.")
  List<Path> keyFiles = new ArrayList<>();

  @Override
  public Integer call() {
    List<Path> configs = TalconfigPaths.find(path);
    Map<String, String> explicit = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new PlumbException("--env '" + kv + "': expected KEY=VALUE");
      }
      explicit.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    SopsDecryptor sops = new SopsDecryptor(AgeKeys.load(System.getenv(), Path.of(System.getProperty("user.home")), keyFiles));
    int bad = 0;
    for (Path cfgPath : configs) {
      Path root = TalconfigPaths.repositoryRoot(cfgPath);
      DirectoryTree tree = new DirectoryTree(root);
      String treePath = tree.root().relativize(cfgPath.toAbsolutePath().normalize()).toString();
      List<RenderProblem> problems;
      TalConfig cfg = null;
      try {
        cfg = new TalConfigLoader(tree, sops).load(treePath, noEnvFiles ? List.of(TalEnv.NONE) : envFiles, System.getenv(), explicit);
        problems = TalValidator.validate(cfg, tree);
      } catch (RenderException e) {
        problems = e.problems();
      }
      for (RenderProblem p : problems) {
        System.out.println(TalconfigPaths.display(root, p));
      }
      if (problems.isEmpty()) {
        System.out.printf("%s: valid (cluster %s, %d nodes)%n", TalconfigPaths.display(root, treePath),
            cfg.clusterName(), cfg.nodes().size());
      } else {
        bad++;
      }
    }
    return bad == 0 ? 0 : 1;
  }
}
