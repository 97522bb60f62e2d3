package dev.plumb.render.talos;

import dev.plumb.render.FileTree;
import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.yaml.YMap;
import dev.plumb.render.yaml.YNode;
import dev.plumb.render.yaml.YamlReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a talconfig as talhelper does: env files, then comments dropped (positions kept), then
 * variable substitution, then YAML with anchors, aliases and merge keys. Pure: it reads only the
 * tree and the variables it is given.
 */
public final class TalConfigLoader {
  private final FileTree tree;
  private final SopsDecryptor sops;

  public TalConfigLoader(FileTree tree, SopsDecryptor sops) {
    this.tree = tree;
    this.sops = sops;
  }

  /**
   * @param path the talconfig's tree path
   * @param envFiles env files (tree paths); empty means talhelper's defaults beside the talconfig
   * @param processEnv the process environment, under the env files
   * @param explicit KEY=VALUE pairs from the command line, over everything
   */
  public TalConfig load(String path, List<String> envFiles, Map<String, String> processEnv,
      Map<String, String> explicit) {
    byte[] bytes;
    try {
      bytes = tree.read(path).orElseThrow(() -> new RenderException(
          new RenderProblem(path, 0, 0, "", "no such file in the repository")));
    } catch (dev.plumb.fleet.PlumbException e) {
      if (e instanceof RenderException re) {
        throw re;
      }
      throw new RenderException(new RenderProblem(path, 0, 0, "", e.getMessage()));
    }
    String dir = FileTree.dirOf(path);
    List<String> files = new ArrayList<>();
    for (String f : envFiles.isEmpty() ? TalEnv.DEFAULT_FILES : envFiles) {
      files.add(dir.isEmpty() || !envFiles.isEmpty() ? f : dir + "/" + f);
    }
    TalEnv env = loadEnv(files, processEnv, explicit);
    String text = YamlReader.decode(path, bytes);
    String substituted = new Envsubst(env.vars(), env.describe()).apply(path, text);
    YNode root = YamlReader.read(path, substituted).orElseThrow(() -> new RenderException(
        new RenderProblem(path, 1, 1, "", "the talconfig is empty")));
    if (!(root instanceof YMap map)) {
      throw new RenderException(new RenderProblem(path, root.mark().line(), root.mark().column(), "",
          "expected a mapping at the top level"));
    }
    return new TalConfig(path, map, env);
  }

  /**
   * talhelper exports each env file's entries before it reads the next one, and before it
   * decrypts anything else (budimanjojo/talhelper pkg/substitute LoadEnvFromFiles), so an
   * encrypted env file is decrypted with the keys that the process environment and the files
   * before it provide: a talenv.yaml may set SOPS_AGE_KEY_CMD for talenv.sops.yaml.
   */
  private TalEnv loadEnv(List<String> files, Map<String, String> processEnv, Map<String, String> explicit) {
    SopsDecryptor session = sops.withEnv(processEnv);
    Map<String, Map<String, String>> before = new HashMap<>();
    Map<String, String> acc = processEnv;
    try {
      for (String f : files) {
        before.put(f, acc);
        acc = TalEnv.load(tree, List.of(f), acc, Map.of(), session.withEnv(acc)).vars();
      }
    } catch (RenderException e) {
      // the pass below reports the problems of every file at once
    }
    // the pass above fixed each file's environment; this one builds the env from all files at
    // once, with each file decrypted under its own environment again (keys are remembered)
    return TalEnv.load(tree, files, processEnv, explicit, session.routed(
        f -> session.withEnv(before.getOrDefault(f, processEnv))));
  }
}
