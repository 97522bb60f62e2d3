package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.talos.SecretsGenerator;
import dev.plumb.sim.SimulatedFleet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The fleet repository of {@code plumb bench webhook}: one cluster of N simulated nodes, each with
 * its own patch file, committed with JGit so that making a push costs the benchmark nothing; and
 * the GitHub push payload that announces a commit.
 */
final class BenchFleetRepo implements AutoCloseable {
  private static final String CLUSTER = "clusters/bench/";
  private final Git git;
  private final Path dir;

  private BenchFleetRepo(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  /** A repository whose first commit declares every node of {@code fleet} (3 control planes). */
  static BenchFleetRepo create(Path dir, SimulatedFleet fleet, int nodes) throws IOException, GitAPIException {
    Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    BenchFleetRepo repo = new BenchFleetRepo(git, dir);
    StringBuilder t = new StringBuilder("clusterName: bench\ntalosVersion: v1.13.9\nkubernetesVersion: v1.35.0\n"
        + "endpoint: https://" + fleet.nodes().get(0).address() + ":6443\n"
        + "controlPlane:\n  talosImageURL: ghcr.io/siderolabs/installer\n"
        + "worker:\n  talosImageURL: ghcr.io/siderolabs/installer\nnodes:\n");
    for (int i = 0; i < nodes; i++) {
      t.append("  - hostname: n").append(i).append("\n    ipAddress: ").append(fleet.nodes().get(i).address())
          .append("\n    installDisk: /dev/sda\n").append(i < 3 ? "    controlPlane: true\n" : "")
          .append("    patches:\n      - \"@./patches/n").append(i).append(".yaml\"\n");
      repo.write("patches/n" + i + ".yaml", patch(0));
    }
    repo.write("talconfig.yaml", t.toString());
    // first bring-up of blank simulated nodes; a short settle keeps the pushes apart without changing what is
    // measured (webhook to the first apply)
    repo.write("plumb.yaml", "provision: true\nrollout:\n  workerBatchSize: 50\n  maxUnavailable: 50\n  settle: 1s\n"
        + "  gateTimeout: 2m\n");
    repo.write("talsecret.yaml", new SecretsGenerator().generate().toYaml().reveal());
    repo.commit(".", "the bench fleet");
    return repo;
  }

  private static String patch(int generation) {
    return "machine:\n  nodeLabels:\n    bench-generation: \"" + generation + "\"\n";
  }

  /** Changes node {@code i}'s patch and commits it; returns the new head. */
  String changeNodePatch(int i, int generation) throws IOException, GitAPIException {
    write("patches/n" + i + ".yaml", patch(generation));
    return commit(CLUSTER + "patches/n" + i + ".yaml", "node n" + i + ": generation " + generation);
  }

  String head() throws IOException {
    return git.getRepository().resolve("refs/heads/main").getName();
  }

  String url() {
    return dir.toUri().toString();
  }

  /** GitHub's push payload (the fields plumb reads) for {@code before..after} on main. */
  byte[] githubPush(String before, String after) {
    return ("{\"ref\":\"refs/heads/main\",\"before\":\"" + before + "\",\"after\":\"" + after + "\",\"created\":false,"
        + "\"deleted\":false,\"forced\":false,\"repository\":{\"full_name\":\"bench/fleet\",\"clone_url\":\""
        + url() + "\"},\"head_commit\":{\"id\":\"" + after + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  static String hmac(byte[] key, byte[] body) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private void write(String path, String content) throws IOException {
    Path p = dir.resolve(CLUSTER + path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private String commit(String pattern, String message) throws GitAPIException {
    git.add().addFilepattern(pattern).call();
    return git.commit().setMessage(message).setAuthor("bench", "bench@plumb.invalid")
        .setCommitter("bench", "bench@plumb.invalid").setSign(false).call().getName();
  }

  @Override
  public void close() {
    git.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new PlumbException("cannot remove the bench repository " + dir + ": " + e.getMessage(), e);
    }
  }
}
