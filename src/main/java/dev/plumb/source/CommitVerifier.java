package dev.plumb.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * Decides whether a fetched head may be applied under the {@link SigningPolicy}: it must carry a
 * signature that verifies against a trusted key. Only the head is checked, as Flux's
 * GitRepository {@code verify.mode: HEAD} does. SSH signatures go through JGit's own verifier
 * (org.eclipse.jgit.ssh.apache) with the configured allowed-signers file; OpenPGP signatures are
 * checked with BouncyCastle against the configured armored keys, because JGit's gpg.bc verifier
 * only looks keys up in the process-wide GnuPG home.
 */
public final class CommitVerifier {
  private static final byte[] GPGSIG = "gpgsig".getBytes(StandardCharsets.US_ASCII);
  private final SigningPolicy policy;
  private final OpenPgpKeyring openpgp;
  private final GpgConfig ssh;

  public CommitVerifier(SigningPolicy policy) {
    this.policy = policy;
    this.openpgp = OpenPgpKeyring.load(policy.openpgpKeyFiles());
    Config c = new Config();
    policy.sshAllowedSigners().ifPresent(p -> c.setString("gpg", "ssh", "allowedSignersFile", p.toString()));
    this.ssh = new GpgConfig(c);
  }

  /** A verifier that accepts every commit (no signedCommits section). */
  public static CommitVerifier none() {
    return new CommitVerifier(SigningPolicy.none());
  }

  public boolean enabled() {
    return policy.enabled();
  }

  /**
   * Empty when {@code commit} may be applied; otherwise why not, as a sentence that names the
   * commit. Never throws for a bad signature: that is an answer, not a fault.
   */
  public Optional<String> refusal(Repository repo, RevCommit commit) {
    if (!policy.enabled()) {
      return Optional.empty();
    }
    String at = "commit " + commit.getName().substring(0, 12);
    try {
      commit = withBody(repo, commit);
    } catch (IOException e) {
      return Optional.of(at + " cannot be read to check its signature (" + e.getMessage() + ")");
    }
    byte[] sig = commit.getRawGpgSignature();
    if (sig == null) {
      return Optional.of(at + " is not signed, and signedCommits requires a signature by a trusted key");
    }
    byte[] data = signedData(commit.getRawBuffer());
    Optional<String> why = switch (SignatureVerifiers.getFormat(sig)) {
      case OPENPGP -> policy.openpgpKeyFiles().isEmpty()
          ? Optional.of("it has an OpenPGP signature, and no OpenPGP key is trusted (signedCommits.openpgpKeyFiles)")
          : openpgp.verify(data, sig);
      case SSH -> policy.sshAllowedSigners().isEmpty()
          ? Optional.of("it has an SSH signature, and no SSH signer is allowed (signedCommits.sshAllowedSignersFile)")
          : verifySsh(repo, data, sig);
      default -> Optional.of("it has an X.509 signature; plumb trusts OpenPGP and SSH keys only");
    };
    return why.map(w -> at + " is refused: " + w);
  }

  /** The commit with its raw bytes: a RevWalk that does not retain bodies (a receive pack's) drops them. */
  private static RevCommit withBody(Repository repo, RevCommit commit) throws IOException {
    return commit.getRawBuffer() != null ? commit
        : RevCommit.parse(repo.open(commit, org.eclipse.jgit.lib.Constants.OBJ_COMMIT).getCachedBytes());
  }

  private Optional<String> verifySsh(Repository repo, byte[] data, byte[] sig) {
    try {
      SignatureVerifier.SignatureVerification v = SignatureVerifiers.verify(repo, ssh, data, sig);
      if (v != null && v.verified()) {
        return Optional.empty();
      }
      String key = v == null || v.keyFingerprint() == null ? "" : " by key " + v.keyFingerprint();
      String msg = v == null || v.message() == null ? "bad signature" : v.message();
      return Optional.of("its SSH signature" + key + " does not verify against the allowed signers: " + msg);
    } catch (IOException | RuntimeException e) {
      return Optional.of("its SSH signature cannot be checked (" + e.getMessage() + ")");
    }
  }

  /**
   * The commit as it was signed: the raw object without its {@code gpgsig} header and the
   * header's continuation lines (each starts with a space), as git verify-commit rebuilds it.
   */
  static byte[] signedData(byte[] raw) {
    int start = -1;
    int i = 0;
    while (i < raw.length && raw[i] != '\n') { // header lines, up to the blank line before the message
      if (matchesAt(raw, i)) {
        start = i;
        break;
      }
      i = RawParseUtils.nextLF(raw, i);
    }
    if (start < 0) {
      return raw;
    }
    int end = RawParseUtils.nextLF(raw, start);
    while (end < raw.length && raw[end] == ' ') {
      end = RawParseUtils.nextLF(raw, end);
    }
    byte[] out = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, out, 0, start);
    System.arraycopy(raw, end, out, start, raw.length - end);
    return out;
  }

  private static boolean matchesAt(byte[] raw, int i) {
    if (i + GPGSIG.length >= raw.length || raw[i + GPGSIG.length] != ' ') {
      return false;
    }
    for (int k = 0; k < GPGSIG.length; k++) {
      if (raw[i + k] != GPGSIG[k]) {
        return false;
      }
    }
    return true;
  }
}
