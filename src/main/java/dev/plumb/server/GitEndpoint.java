package dev.plumb.server;

import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.render.talos.FleetRenderer;
import dev.plumb.source.CommitVerifier;
import dev.plumb.source.GitTree;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * plumb's own Git remote, for users with no forge: the fleet repository over smart HTTP at
 * {@code /git/fleet.git}, behind basic auth (any user name, the configured token as password).
 * A push to the followed branch is rendered and validated for every cluster before it is
 * accepted: a commit that would not render is refused, and the pusher sees each problem as
 * {@code remote: clusters/home/talconfig.yaml:12:5: ...}. An accepted push triggers a reconcile.
 * Deleting the followed branch and rewriting its history are refused. With signed commits on, a
 * push whose new head is not signed by a trusted key is refused too, with the reason.
 */
public final class GitEndpoint {
  /** Where the servlet is mounted. */
  public static final String PATH = "/git/*";
  static final String REPO = "fleet.git";

  private GitEndpoint() {}

  /**
   * @param pushed called with the new commit id after a push to {@code branch} was accepted
   */
  public static jakarta.servlet.Servlet servlet(Repository repo, String branch, Sensitive<byte[]> token,
      SopsDecryptor sops, ClusterRenderer.Options options, boolean allowRewrite, Consumer<String> pushed) {
    return servlet(repo, branch, token, sops, options, allowRewrite, CommitVerifier.none(), pushed);
  }

  /** With {@code verifier}: the pushed head must also be signed by a trusted key (signedCommits). */
  public static jakarta.servlet.Servlet servlet(Repository repo, String branch, Sensitive<byte[]> token,
      SopsDecryptor sops, ClusterRenderer.Options options, boolean allowRewrite, CommitVerifier verifier,
      Consumer<String> pushed) {
    GitServlet s = new GitServlet();
    s.setRepositoryResolver((req, name) -> {
      if (!name.equals(REPO) && !name.equals("fleet")) {
        throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
      }
      repo.incrementOpen();
      return repo;
    });
    s.setUploadPackFactory((req, db) -> new UploadPack(db));
    s.setReceivePackFactory((req, db) -> {
      ReceivePack rp = new ReceivePack(db);
      rp.setAllowNonFastForwards(allowRewrite);
      rp.setAllowDeletes(true); // other branches may go; the followed one is refused below
      String ref = "refs/heads/" + branch;
      rp.setPreReceiveHook((pack, commands) -> check(pack, commands, ref, sops, options, verifier));
      rp.setPostReceiveHook((pack, commands) -> commands.stream()
          .filter(c -> c.getRefName().equals(ref) && c.getResult() == ReceiveCommand.Result.OK)
          .forEach(c -> pushed.accept(c.getNewId().name())));
      return rp;
    });
    return new Guard(s, token);
  }

  /**
   * Asks for credentials the way git expects (401 with {@code WWW-Authenticate: Basic}), so that
   * git sends the user and token of the URL or its credential helper, then lets the request through.
   */
  private static final class Guard extends jakarta.servlet.http.HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient GitServlet git;
    private final transient Sensitive<byte[]> token;

    Guard(GitServlet git, Sensitive<byte[]> token) {
      this.git = git;
      this.token = token;
    }

    @Override
    public void init(jakarta.servlet.ServletConfig config) throws jakarta.servlet.ServletException {
      super.init(config);
      git.init(config);
    }

    @Override
    protected void service(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse rsp)
        throws jakarta.servlet.ServletException, IOException {
      if (!authorized(req, token)) {
        rsp.setHeader("WWW-Authenticate", "Basic realm=\"plumb\"");
        rsp.sendError(401, "the Git endpoint needs the token configured in gitServer");
        return;
      }
      git.service(req, rsp);
    }

    @Override
    public void destroy() {
      git.destroy();
    }
  }

  private static void check(ReceivePack pack, Collection<ReceiveCommand> commands, String ref, SopsDecryptor sops,
      ClusterRenderer.Options options, CommitVerifier verifier) {
    for (ReceiveCommand c : commands) {
      if (!c.getRefName().equals(ref) || c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
        continue;
      }
      if (c.getType() == ReceiveCommand.Type.DELETE || c.getNewId().equals(ObjectId.zeroId())) {
        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "plumb follows this branch; it cannot be deleted");
        continue;
      }
      try {
        RevCommit commit = pack.getRevWalk().parseCommit(c.getNewId());
        java.util.Optional<String> untrusted = verifier.refusal(pack.getRepository(), commit);
        if (untrusted.isPresent()) {
          pack.sendMessage(untrusted.get());
          c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "the head is not signed by a trusted key;"
              + " nothing was applied");
          continue;
        }
        FleetRenderer.Result r = FleetRenderer.render(new GitTree(pack.getRepository(), commit.getTree()), sops, options);
        if (!r.problems().isEmpty()) {
          r.problems().forEach(pack::sendMessage);
          c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, r.problems().size()
              + " problem(s): the commit does not render; nothing was applied");
        } else {
          pack.sendMessage("plumb: " + r.clusters().size() + " cluster(s) render; reconcile queued");
        }
      } catch (IOException | RuntimeException e) {
        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "cannot check the commit: " + e.getMessage());
      }
    }
  }

  private static boolean authorized(HttpServletRequest req, Sensitive<byte[]> token) {
    String h = req.getHeader("Authorization");
    byte[] got = new byte[0];
    if (h != null && h.startsWith("Basic ")) {
      String userPass = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
      got = userPass.substring(userPass.indexOf(':') + 1).getBytes(StandardCharsets.UTF_8);
    } else if (h != null && h.startsWith("Bearer ")) {
      got = h.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    }
    return MessageDigest.isEqual(got, token.reveal());
  }

  /** The served repository's sub-path names, for messages. */
  static List<String> names() {
    return List.of(REPO);
  }
}
