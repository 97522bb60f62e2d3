/**
 * SOPS decryption for age recipients, written from the sops and age sources (reference/sops.md):
 * the data key from an armored age file (X25519, HKDF-SHA-256, ChaCha20-Poly1305, STREAM), each
 * value opened with AES-256-GCM and its key path as authenticated data, go-yaml's typing of plain
 * scalars, and the SHA-512 MAC over every value checked before any plaintext is handed out.
 *
 * <p>Plaintext lives only in {@link dev.plumb.render.sops.Sensitive}; errors name the file, the
 * value's path and the recipients, never a value.
 */
package dev.plumb.render.sops;
