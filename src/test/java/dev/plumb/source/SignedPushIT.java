package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.sops.AgeKeys;
import dev.plumb.render.sops.Sensitive;
import dev.plumb.render.sops.SopsDecryptor;
import dev.plumb.render.talos.ClusterRenderer;
import dev.plumb.report.PlumbMetrics;
import dev.plumb.server.GitEndpoint;
import dev.plumb.server.PlumbServer;
import dev.plumb.server.ServerConfig;
import dev.plumb.server.webhook.DeliveryIds;
import dev.plumb.server.webhook.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plumb's own Git endpoint with signed commits on: git push of an unsigned head is refused and
 * the pusher reads why; a head signed by an allowed SSH signer is accepted and triggers a reconcile.
 */
class SignedPushIT {
  @Test
  void anUnsignedPushIsRefusedWithTheReasonAndASignedOneIsAccepted(@TempDir Path dir) throws Exception {
    try (SigningRepo repo = new SigningRepo(dir);
        Repository served = Git.init().setBare(true).setDirectory(dir.resolve("served.git").toFile())
            .setInitialBranch("main").call().getRepository()) {
      Path alice = repo.sshKey("alice");
      Path signers = Files.writeString(dir.resolve("allowed_signers"), repo.allowedSigner("alice@plumb.invalid", alice));
      CommitVerifier verifier = new CommitVerifier(new SigningPolicy(List.of(), Optional.of(signers)));
      List<String> pushed = new CopyOnWriteArrayList<>();
      Sensitive<byte[]> token = Sensitive.of("push-token".getBytes(StandardCharsets.UTF_8));
      ServerConfig cfg = new ServerConfig("127.0.0.1:0", Optional.empty(), Optional.empty(), Optional.empty(), 1 << 20,
          Map.of(), Optional.of(token));
      try (PlumbServer server = new PlumbServer(cfg, () -> null, () -> true, new PlumbMetrics(),
          new WebhookReceiver("x", "main", Map.of(), new DeliveryIds(10), e -> { }), controls(),
          Optional.of(GitEndpoint.servlet(served, "main", token, new SopsDecryptor(new AgeKeys(List.of())),
              new ClusterRenderer.Options(Map.of(), Map.of(), List.of(), Optional.empty()), false, verifier,
              pushed::add)))) {
        String url = "http://plumb:push-token@127.0.0.1:" + server.start(cfg) + "/git/fleet.git";

        String unsigned = repo.commitLocal("README.md", "fleet\n");
        Map.Entry<Integer, String> refused = repo.pushTo(url);
        assertThat(refused.getKey()).as(refused.getValue()).isNotZero();
        assertThat(refused.getValue()).contains("remote: commit " + unsigned.substring(0, 12) + " is not signed")
            .contains("the head is not signed by a trusted key");
        assertThat(pushed).isEmpty();
        assertThat(served.resolve("refs/heads/main")).isNull();

        String signed = repo.commitLocal("README.md", "fleet, signed\n", SigningRepo.sshSigned(alice));
        Map.Entry<Integer, String> accepted = repo.pushTo(url);
        assertThat(accepted.getKey()).as(accepted.getValue()).isZero();
        assertThat(pushed).containsExactly(signed);
      }
    }
  }

  private static PlumbServer.Controls controls() {
    return new PlumbServer.Controls() {
      @Override
      public void syncNow(String why) {}

      @Override
      public void suspend(String cluster, boolean on) {}

      @Override
      public boolean knows(String cluster) {
        return false;
      }
    };
  }
}
