package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.daemon.AppliedRevision;
import dev.plumb.daemon.Journal;
import dev.plumb.daemon.ReconcileOutcome;
import dev.plumb.daemon.Reconciler;
import dev.plumb.daemon.Retention;
import dev.plumb.daemon.StatusRecorder;
import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon refuses an unsigned head: the reconcile stalls with reason UntrustedCommit, the
 * journal and status name the commit, and the last applied revision is left as it was.
 */
class UntrustedHeadReconcileIT {

  @Test
  void anUnsignedHeadStallsTheReconcileWithAnEventAndLeavesTheLastGoodRevisionApplied(@TempDir Path dir)
      throws Exception {
    try (SigningRepo repo = new SigningRepo(dir)) {
      Path alice = repo.sshKey("alice");
      Path signers = Files.writeString(dir.resolve("allowed_signers"), repo.allowedSigner("alice@plumb.invalid", alice));
      String good = repo.commit("README.md", "fleet\n", SigningRepo.sshSigned(alice));
      Path state = Files.createDirectories(dir.resolve("state"));
      AppliedRevision applied = new AppliedRevision(state);
      applied.write(new Revision(good));
      String unsigned = repo.commit("README.md", "fleet, changed by someone without a key\n");

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (Journal journal = new Journal(state);
          JGitSource source = new JGitSource(repo.url(), "main", dir.resolve("cache"), Duration.ofSeconds(30), null,
              JGitSource.SshOptions.none(), new CommitVerifier(new SigningPolicy(List.of(), Optional.of(signers))))) {
        StatusRecorder status = new StatusRecorder(journal, state, Retention.DEFAULT);
        Reconciler r = new Reconciler(source, applied, status, new SopsDecryptor(new AgeKeys(List.of())),
            new ClusterRenderer.Options(Map.of(), Map.of(), List.of(), Optional.empty()), 50000, false,
            Duration.ofSeconds(5), new PrintStream(out, true, "UTF-8"));

        ReconcileOutcome o = r.reconcile(() -> false);

        assertThat(o.kind()).isEqualTo(ReconcileOutcome.Kind.STALLED);
        assertThat(o.revision()).isEqualTo(unsigned);
        assertThat(o.reason()).startsWith("UntrustedCommit: commit " + unsigned.substring(0, 12) + " is not signed");
        assertThat(journal.tail(10)).anySatisfy(e -> {
          assertThat(e.type()).isEqualTo("UntrustedCommit");
          assertThat(e.revision()).isEqualTo(unsigned);
          assertThat(e.message()).contains(unsigned.substring(0, 12)).contains("last good revision stays applied");
        });
        assertThat(applied.read()).contains(new Revision(good));
        assertThat(status.report().toString()).contains("UntrustedCommit");
      }
    }
  }
}
