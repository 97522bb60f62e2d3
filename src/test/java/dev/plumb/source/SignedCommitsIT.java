package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With signedCommits, the source returns a head only when git's own signature on it verifies
 * against a trusted key: SSH signatures made by ssh-keygen through git, OpenPGP signatures made
 * by gpg through git. Unsigned, untrusted and altered heads are refused with the commit named.
 */
class SignedCommitsIT {

  private static JGitSource source(SigningRepo repo, Path cache, SigningPolicy policy) {
    return new JGitSource(repo.url(), "main", cache, Duration.ofSeconds(30), null, JGitSource.SshOptions.none(),
        new CommitVerifier(policy));
  }

  @Test
  void appliesAnSshSignedHeadOfAnAllowedSignerAndRefusesUnsignedAndUntrustedHeads(@TempDir Path dir) throws Exception {
    try (SigningRepo repo = new SigningRepo(dir)) {
      Path alice = repo.sshKey("alice");
      Path mallory = repo.sshKey("mallory");
      Path signers = dir.resolve("allowed_signers");
      Files.writeString(signers, repo.allowedSigner("alice@plumb.invalid", alice));
      SigningPolicy policy = new SigningPolicy(List.of(), Optional.of(signers));

      String good = repo.commit("a.txt", "1", SigningRepo.sshSigned(alice));
      try (JGitSource s = source(repo, dir.resolve("cache"), policy)) {
        assertThat(s.fetch().revision().id()).isEqualTo(good);

        String unsigned = repo.commit("a.txt", "2");
        assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class)
            .hasMessageContaining("commit " + unsigned.substring(0, 12) + " is not signed")
            .hasMessageContaining("the last good revision stays applied")
            .satisfies(e -> assertThat(((UntrustedCommitException) e).snapshot().revision().id()).isEqualTo(unsigned));

        String untrusted = repo.commit("a.txt", "3", SigningRepo.sshSigned(mallory));
        assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class)
            .hasMessageContaining("commit " + untrusted.substring(0, 12) + " is refused")
            .hasMessageContaining("SSH signature");

        String again = repo.commit("a.txt", "4", SigningRepo.sshSigned(alice));
        assertThat(s.fetch().revision().id()).isEqualTo(again);
      }
    }
  }

  @Test
  void appliesAnOpenPgpSignedHeadOfATrustedKeyAndRefusesOtherKeysAndAlteredCommits(@TempDir Path dir) throws Exception {
    try (SigningRepo repo = new SigningRepo(dir)) {
      Path aliceKey = repo.gpgKey("alice@plumb.invalid");
      repo.gpgKey("eve@plumb.invalid");
      SigningPolicy policy = new SigningPolicy(List.of(aliceKey), Optional.empty());

      String good = repo.commit("a.txt", "1", SigningRepo.gpgSigned("alice@plumb.invalid"));
      try (JGitSource s = source(repo, dir.resolve("cache"), policy)) {
        assertThat(s.fetch().revision().id()).isEqualTo(good);

        String eve = repo.commit("a.txt", "2", SigningRepo.gpgSigned("eve@plumb.invalid"));
        assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class)
            .hasMessageContaining("commit " + eve.substring(0, 12))
            .hasMessageContaining("which is not a trusted key");

        String sshSigned = repo.commit("a.txt", "3", SigningRepo.sshSigned(repo.sshKey("bob")));
        assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class)
            .hasMessageContaining("commit " + sshSigned.substring(0, 12))
            .hasMessageContaining("no SSH signer is allowed");

        String forged = forgeOnto(repo.origin, good, "a message alice never signed");
        assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class)
            .hasMessageContaining("commit " + forged.substring(0, 12))
            .hasMessageContaining("does not match the commit");
      }
    }
  }

  @Test
  void withoutASigningPolicyUnsignedCommitsAreApplied(@TempDir Path dir) throws Exception {
    try (SigningRepo repo = new SigningRepo(dir);
        JGitSource s = source(repo, dir.resolve("cache"), SigningPolicy.none())) {
      String head = repo.commit("a.txt", "1");
      assertThat(s.fetch().revision().id()).isEqualTo(head);
    }
  }

  @Test
  void aKeyFileThatHoldsNoPublicKeyIsRefusedAtStartNamingTheFile(@TempDir Path dir) throws Exception {
    Path bogus = Files.writeString(dir.resolve("not-a-key.asc"), "hello\n");
    assertThatThrownBy(() -> new CommitVerifier(new SigningPolicy(List.of(bogus), Optional.empty())))
        .hasMessageContaining(bogus.toString()).hasMessageContaining("OpenPGP public key");
  }

  /** Copies the signature of {@code signed} onto a commit with another message, as a tamperer would. */
  private static String forgeOnto(Path bare, String signed, String message) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(r); ObjectInserter ins = r.newObjectInserter()) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(signed));
      CommitBuilder b = new CommitBuilder();
      b.setTreeId(c.getTree());
      b.setParentIds(c.getParents());
      b.setAuthor(c.getAuthorIdent());
      b.setCommitter(c.getCommitterIdent());
      b.setMessage(message);
      b.setGpgSignature(new GpgSignature(c.getRawGpgSignature()));
      ObjectId id = ins.insert(b);
      ins.flush();
      RefUpdate u = r.updateRef("refs/heads/main");
      u.setNewObjectId(id);
      u.setForceUpdate(true);
      assertThat(u.update()).isIn(RefUpdate.Result.FORCED, RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.NEW);
      return id.getName();
    }
  }
}
