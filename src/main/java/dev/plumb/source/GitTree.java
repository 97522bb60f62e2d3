package dev.plumb.source;

import dev.plumb.fleet.PlumbException;
import dev.plumb.render.FileTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit, read from the object database: no working tree that a crash could
 * leave half-written. Symbolic links are not followed: they are not files here.
 */
public final class GitTree implements FileTree {
  private final Repository repo;
  private final RevTree tree;

  public GitTree(Repository repo, RevTree tree) {
    this.repo = repo;
    this.tree = tree;
  }

  private Optional<TreeWalk> walk(String path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try (ObjectReader reader = repo.newObjectReader()) {
      return Optional.ofNullable(TreeWalk.forPath(repo, path, tree));
    } catch (IOException e) {
      throw new PlumbException("cannot read " + path + " from the repository: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> read(String path) {
    Optional<TreeWalk> w = walk(path);
    if (w.isEmpty() || w.get().getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB
        || w.get().getFileMode(0) == FileMode.SYMLINK) {
      return Optional.empty();
    }
    try {
      ObjectId id = w.get().getObjectId(0);
      var loader = repo.open(id);
      if (loader.getSize() > MAX_FILE_BYTES) {
        throw new PlumbException(path + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Optional.of(loader.getBytes());
    } catch (IOException e) {
      throw new PlumbException("cannot read " + path + " from the repository: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isFile(String path) {
    return walk(path).map(w -> w.getFileMode(0) == FileMode.REGULAR_FILE
        || w.getFileMode(0) == FileMode.EXECUTABLE_FILE).orElse(false);
  }

  @Override
  public boolean isDirectory(String path) {
    return path.isEmpty() || walk(path).map(w -> w.getFileMode(0) == FileMode.TREE).orElse(false);
  }

  @Override
  public List<String> list(String dir) {
    List<String> out = new ArrayList<>();
    try (TreeWalk w = new TreeWalk(repo)) {
      if (dir.isEmpty()) {
        w.addTree(tree);
      } else {
        Optional<TreeWalk> d = walk(dir);
        if (d.isEmpty() || d.get().getFileMode(0) != FileMode.TREE) {
          return out;
        }
        w.addTree(d.get().getObjectId(0));
      }
      w.setRecursive(false);
      while (w.next()) {
        out.add(w.getNameString());
      }
    } catch (IOException e) {
      throw new PlumbException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }
}
