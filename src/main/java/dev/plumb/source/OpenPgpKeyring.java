package dev.plumb.source;

import dev.plumb.fleet.PlumbException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The trusted OpenPGP public keys of the daemon config, and the check of a detached signature
 * (what {@code git commit -S} stores in a commit's {@code gpgsig} header) against them. A key is
 * trusted because the operator listed it: no web of trust, no keyserver.
 */
final class OpenPgpKeyring {
  private final List<PGPPublicKeyRing> rings;

  private OpenPgpKeyring(List<PGPPublicKeyRing> rings) {
    this.rings = List.copyOf(rings);
  }

  /** Reads armored (or binary) public key files; a file without a public key is an error naming it. */
  static OpenPgpKeyring load(List<Path> files) {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(f))) {
        PGPPublicKeyRingCollection c = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
        if (c.size() == 0) {
          throw new PlumbException(f + ": no OpenPGP public key in it (export one with gpg --armor --export KEYID)");
        }
        c.forEach(rings::add);
      } catch (IOException | PGPException e) {
        throw new PlumbException(f + ": not an OpenPGP public key file (export one with gpg --armor --export KEYID): "
            + e.getMessage(), e);
      }
    }
    return new OpenPgpKeyring(rings);
  }

  int size() {
    return rings.size();
  }

  /** Empty when {@code signature} is a good signature of {@code data} by a trusted key; else why not. */
  Optional<String> verify(byte[] data, byte[] signature) {
    PGPSignature sig;
    try {
      sig = parse(signature);
    } catch (IOException | RuntimeException e) {
      return Optional.of("its OpenPGP signature cannot be read (" + e.getMessage() + ")");
    }
    if (sig == null) {
      return Optional.of("its signature block holds no OpenPGP signature");
    }
    String keyId = String.format("%016X", sig.getKeyID());
    PGPPublicKey key = find(sig.getKeyID());
    if (key == null) {
      return Optional.of("it is signed by OpenPGP key " + keyId + ", which is not a trusted key");
    }
    if (key.hasRevocation()) {
      return Optional.of("it is signed by OpenPGP key " + keyId + ", which is revoked");
    }
    long valid = key.getValidSeconds();
    if (valid > 0 && sig.getCreationTime().getTime() > key.getCreationTime().getTime() + valid * 1000) {
      return Optional.of("it is signed by OpenPGP key " + keyId + " after that key expired");
    }
    try {
      sig.init(new BcPGPContentVerifierBuilderProvider(), key);
      sig.update(data);
      if (!sig.verify()) {
        return Optional.of("its OpenPGP signature by key " + keyId + " does not match the commit (altered after signing)");
      }
    } catch (PGPException e) {
      return Optional.of("its OpenPGP signature by key " + keyId + " cannot be checked (" + e.getMessage() + ")");
    }
    return Optional.empty();
  }

  private PGPPublicKey find(long keyId) {
    for (PGPPublicKeyRing r : rings) {
      PGPPublicKey k = r.getPublicKey(keyId);
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  private static PGPSignature parse(byte[] armored) throws IOException {
    Object o = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))).nextObject();
    if (o instanceof PGPCompressedData c) {
      try {
        o = new BcPGPObjectFactory(c.getDataStream()).nextObject();
      } catch (PGPException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    return o instanceof PGPSignatureList l && !l.isEmpty() ? l.get(0) : null;
  }
}
