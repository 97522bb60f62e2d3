package dev.plumb.render.sops;

import java.util.Optional;

/**
 * An age identity: a private key that may unwrap the file key from one stanza of an age header.
 * X25519 keys ({@code AGE-SECRET-KEY-1...}) and SSH keys (the {@code ssh-ed25519} and
 * {@code ssh-rsa} stanzas of FiloSottile/age agessh) are the kinds plumb holds. Only the
 * recipient is ever printed.
 */
public sealed interface Identity permits AgeIdentity, SshEd25519Identity, SshRsaIdentity {
  /** The recipient this identity decrypts for ({@code age1...}, or an SSH public key line). */
  String recipient();

  /** Where the key came from (file and line, variable, command), for messages. */
  String source();

  /**
   * The 16-byte file key when the stanza is addressed to this identity; empty when it is not
   * (another type, another key). A stanza that names this key but does not open is an error, as
   * in age.
   */
  Optional<byte[]> unwrap(AgeFile.Stanza stanza);
}
