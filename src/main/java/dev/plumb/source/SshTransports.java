package dev.plumb.source;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * SSH for JGit through its Apache MINA transport: a given private key and known_hosts file
 * (strict host key checking), instead of whatever the user's ~/.ssh holds.
 */
final class SshTransports {
  private SshTransports() {}

  static TransportConfigCallback callback(JGitSource.SshOptions opts) {
    File home = new File(System.getProperty("user.home"));
    SshdSessionFactoryBuilder b = new SshdSessionFactoryBuilder().setHomeDirectory(home)
        .setSshDirectory(opts.keyFile() != null ? opts.keyFile().toAbsolutePath().getParent().toFile() : new File(home, ".ssh"));
    if (opts.keyFile() != null) {
      Path key = opts.keyFile().toAbsolutePath();
      b.setDefaultIdentities(dir -> List.of(key));
    }
    if (opts.knownHostsFile() != null) {
      Path kh = opts.knownHostsFile().toAbsolutePath();
      b.setDefaultKnownHostsFiles(dir -> List.of(kh));
    }
    SshdSessionFactory factory = b.build(null);
    return transport -> {
      if (transport instanceof SshTransport t) {
        t.setSshSessionFactory(factory);
      }
    };
  }
}
