package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching over SSH through JGit's Apache MINA transport, with a given key and strict known_hosts. */
class SshSourceIT {
  @TempDir Path dir;

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** Serves git-upload-pack for one bare repository. */
  private static final class UploadPackCommand implements Command {
    private final Path repo;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Path repo) {
      this.repo = repo;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      new Thread(() -> {
        try (FileRepository r = new FileRepository(repo.toFile())) {
          new UploadPack(r).upload(in, out, err);
          out.flush();
          exit.onExit(0);
        } catch (Exception e) {
          exit.onExit(1, String.valueOf(e.getMessage()));
        }
      }).start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }

  @Test
  void fetchesOverSshWithAGivenKeyAndRefusesAnUnknownHostKey() throws Exception {
    Path bare = dir.resolve("fleet.git");
    try (var g = org.eclipse.jgit.api.Git.init().setDirectory(dir.resolve("work").toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("work/README"), "fleet\n");
      g.add().addFilepattern("README").call();
      g.commit().setMessage("first").setAuthor("t", "t@plumb.invalid").setCommitter("t", "t@plumb.invalid").call();
      org.eclipse.jgit.api.Git.cloneRepository().setBare(true).setURI(dir.resolve("work").toUri().toString())
          .setDirectory(bare.toFile()).call().close();
    }
    KeyPair host = ec();
    KeyPair user = ec();
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(host));
    server.setPublickeyAuthenticator((name, key, session) -> KeyUtils.compareKeys(key, user.getPublic()));
    server.setCommandFactory((channel, command) -> {
      assertThat(command).isEqualTo("git-upload-pack '/fleet.git'");
      return new UploadPackCommand(bare);
    });
    server.start();
    try {
      Path key = dir.resolve("id_ecdsa");
      try (var o = Files.newOutputStream(key)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "plumb-test", null, o);
      }
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
      String url = "ssh://git@127.0.0.1:" + server.getPort() + "/fleet.git";
      try (JGitSource s = new JGitSource(url, "main", dir.resolve("cache"), Duration.ofSeconds(30), null,
          new JGitSource.SshOptions(key, knownHosts))) {
        Snapshot snap = s.fetch();
        assertThat(snap.tree().read("README")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("fleet\n"));
      }
      Path other = dir.resolve("other_known_hosts");
      Files.writeString(other, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(ec().getPublic()) + "\n");
      try (JGitSource s = new JGitSource(url, "main", dir.resolve("cache2"), Duration.ofSeconds(30), null,
          new JGitSource.SshOptions(key, other))) {
        assertThatThrownBy(s::fetch).isInstanceOf(SourceUnavailableException.class)
            .hasMessageContaining("cannot fetch main from " + url).hasMessageContaining("Server key did not validate");
      }
    } finally {
      server.stop(true);
    }
  }
}
