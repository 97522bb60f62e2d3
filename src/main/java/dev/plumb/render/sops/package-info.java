/**
 * SOPS decryption for age recipients, written from the sops and age sources (reference/sops.md):
 * the data key from an armored age file (X25519, HKDF-SHA-256, ChaCha20-Poly1305, STREAM), each
 * value opened with AES-256-GCM and its key path as authenticated data, go-yaml's typing of plain
 * scalars, and the SHA-512 MAC over every value checked before any plaintext is handed out.
 *
 * <p>Identities ({@link dev.plumb.render.sops.Identity}) are age X25519 keys and SSH keys
 * (agessh's ssh-ed25519 and ssh-rsa stanzas). {@link dev.plumb.render.sops.KeySources} gathers
 * them the way sops does, from every source at once (a source that fails is reported, the others
 * still count), under an environment the caller gives: the process environment with a cluster's
 * talenv entries on top, because talhelper exports those before it decrypts. Key commands run
 * through {@link dev.plumb.render.sops.KeyCommand}, which the composition root provides, with a
 * timeout and stdin closed, so nothing here ever waits on a prompt.
 *
 * <p>Plaintext and keys live only in {@link dev.plumb.render.sops.Sensitive}; errors name the
 * file, the value's path, the recipients and the key sources tried, never a value or a key.
 */
package dev.plumb.render.sops;
