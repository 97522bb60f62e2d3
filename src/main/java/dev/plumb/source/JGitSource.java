package dev.plumb.source;

import dev.plumb.fleet.PlumbException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Fetches one branch of the fleet repository with JGit into a bare cache under the state
 * directory and reads commits from the object database.
 */
public final class JGitSource implements GitSource {
  private final String url;
  private final String branch;
  private final Duration timeout;
  private final String token;
  private final Git git;
  private final SshOptions ssh;
  private final CommitVerifier verifier;

  /** The key and known hosts for ssh:// and scp-like remotes; null fields mean ~/.ssh defaults. */
  public record SshOptions(Path keyFile, Path knownHostsFile) {
    public static SshOptions none() {
      return new SshOptions(null, null);
    }
  }

  public JGitSource(String url, String branch, Path cacheDir, Duration timeout, String token) {
    this(url, branch, cacheDir, timeout, token, SshOptions.none());
  }

  public JGitSource(String url, String branch, Path cacheDir, Duration timeout, String token, SshOptions ssh) {
    this(url, branch, cacheDir, timeout, token, ssh, CommitVerifier.none());
  }

  /**
   * With {@code verifier}: a head that is not signed by a trusted key is refused with an
   * {@link UntrustedCommitException} instead of returned.
   */
  public JGitSource(String url, String branch, Path cacheDir, Duration timeout, String token, SshOptions ssh,
      CommitVerifier verifier) {
    this.verifier = verifier;
    this.ssh = ssh;
    this.url = url;
    this.branch = branch;
    this.timeout = timeout;
    this.token = token;
    try {
      Files.createDirectories(cacheDir);
      this.git = Files.exists(cacheDir.resolve("HEAD")) ? Git.open(cacheDir.toFile())
          : Git.init().setBare(true).setDirectory(cacheDir.toFile()).call();
    } catch (IOException | GitAPIException e) {
      throw new PlumbException("cannot open the Git cache " + cacheDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Snapshot fetch() {
    String local = "refs/remotes/origin/" + branch;
    try {
      var fetch = git.fetch().setRemote(url).setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + local))
          .setTimeout((int) Math.max(1, timeout.toSeconds()));
      if (token != null && !token.isEmpty()) {
        fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", token));
      }
      if (ssh.keyFile() != null || ssh.knownHostsFile() != null) {
        fetch.setTransportConfigCallback(SshTransports.callback(ssh));
      }
      fetch.call();
      Repository repo = git.getRepository();
      ObjectId head = repo.resolve(local);
      if (head == null) {
        throw new SourceUnavailableException("branch '" + branch + "' not found in " + url, null);
      }
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit c = walk.parseCommit(head);
        Snapshot snap = new Snapshot(new Revision(c.getName()), branch, Instant.ofEpochSecond(c.getCommitTime()),
            c.getTree().getName(), new GitTree(repo, c.getTree()));
        java.util.Optional<String> refused = verifier.refusal(repo, c);
        if (refused.isPresent()) {
          throw new UntrustedCommitException(snap, refused.get() + "; the last good revision stays applied");
        }
        return snap;
      }
    } catch (GitAPIException | IOException e) {
      throw new SourceUnavailableException("cannot fetch " + branch + " from " + url + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isDescendant(Revision ancestor, Revision descendant) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(ancestor.id())),
          walk.parseCommit(ObjectId.fromString(descendant.id())));
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public java.util.Optional<dev.plumb.render.FileTree> treeAt(Revision revision) {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(revision.id()));
      return java.util.Optional.of(new GitTree(repo, c.getTree()));
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty(); // not in the cache (history rewritten and pruned)
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
