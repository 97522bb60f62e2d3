package dev.plumb.server.webhook;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Reduces the forms of one repository's address to one key, {@code host/path}: https and http,
 * ssh:// with a user and a port, scp-like {@code git@host:path}, with or without {@code .git},
 * any case. Nested GitLab groups keep their whole path.
 */
public final class RepoUrls {
  private RepoUrls() {}

  /** The key of {@code url}, or empty for something that is not a repository address. */
  public static Optional<String> key(String url) {
    String u = url.strip();
    if (u.isEmpty()) {
      return Optional.empty();
    }
    String host;
    String path;
    if (!u.contains("://") && u.matches("[^/@:]+@[^/:]+:.+")) { // git@host:owner/repo
      host = u.substring(u.indexOf('@') + 1, u.indexOf(':'));
      path = u.substring(u.indexOf(':') + 1);
    } else {
      try {
        URI uri = URI.create(u.startsWith("/") ? "file://" + u : u);
        if ("file".equals(uri.getScheme()) && uri.getPath() != null) {
          return Optional.of("file:" + uri.getPath().replaceAll("/+$", "").replaceAll("\\.git$", ""));
        }
        if (uri.getHost() == null || uri.getPath() == null) {
          return Optional.empty();
        }
        host = uri.getHost();
        path = uri.getPath();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    path = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((host + "/" + path).toLowerCase(Locale.ROOT));
  }

  /** Whether two addresses name the same repository. */
  public static boolean same(String a, String b) {
    Optional<String> ka = key(a);
    return ka.isPresent() && ka.equals(key(b));
  }
}
