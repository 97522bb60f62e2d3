package dev.plumb.cli;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.DirectoryTree;
import dev.plumb.render.FileTree;
import dev.plumb.source.GitTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The files {@code plumb plan} renders: those of a commit of the checkout, as {@code sync} and the
 * daemon render them, never its uncommitted changes; a directory outside Git as it is.
 */
record CommitTree(FileTree tree, Optional<String> note, Repository repo) implements AutoCloseable {
  static CommitTree open(Path root, String rev) {
    if (!Files.exists(root.resolve(".git"))) {
      return new CommitTree(new DirectoryTree(root), Optional.of("note: " + root + " is not a Git checkout: rendering"
          + " its files as they are (sync renders a commit)"), null);
    }
    Repository repo = null;
    try {
      repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).readEnvironment().findGitDir(root.toFile())
          .setMustExist(true).build();
      ObjectId id = repo.resolve(rev + "^{commit}");
      if (id == null) {
        throw new PlumbException(root + ": no commit '" + rev + "' (plan renders a commit, as sync does)");
      }
      RevCommit c;
      try (RevWalk walk = new RevWalk(repo)) {
        c = walk.parseCommit(id);
      }
      Optional<String> note = Optional.empty();
      if (!Git.wrap(repo).status().call().isClean()) {
        note = Optional.of("note: uncommitted changes in " + root + " are not part of this plan: rendering commit "
            + c.getId().abbreviate(12).name() + " (" + rev + "), as sync would");
      }
      return new CommitTree(new GitTree(repo, c.getTree()), note, repo);
    } catch (IOException | GitAPIException e) {
      if (repo != null) {
        repo.close();
      }
      throw new PlumbException("cannot read the commit " + rev + " of " + root + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (repo != null) {
        repo.close();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (repo != null) {
      repo.close();
    }
  }
}
