package dev.plumb.render.sops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decrypts SOPS files (YAML, JSON, dotenv, binary) encrypted for age recipients (X25519 or SSH), as
 * {@code sops decrypt} does: data key from an age stanza, every value opened with AES-256-GCM and
 * its path as authenticated data, types restored, and the MAC over all values verified before
 * anything is returned. Decrypted values exist only inside {@link Sensitive}.
 */
public final class SopsDecryptor {
  private static final byte[] MAC_ONLY_ENCRYPTED_INIT = HexFormat.of().parseHex(
      "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");
  private final AgeKeys fixed;
  private final KeySources sources;
  private final Map<String, String> env;
  private final Map<List<Object>, LoadedKeys> cache;
  private final Function<String, SopsDecryptor> route;

  /** A decryptor with exactly these identities, whatever the environment says. */
  public SopsDecryptor(AgeKeys keys) {
    this(keys, null, Map.of(), null, null);
  }

  /** A decryptor that gathers identities from {@code sources} as sops would under {@code env}. */
  public SopsDecryptor(KeySources sources, Map<String, String> env) {
    this(null, sources, Map.copyOf(env), null, null);
  }

  private SopsDecryptor(AgeKeys fixed, KeySources sources, Map<String, String> env, Map<List<Object>, LoadedKeys> cache,
      Function<String, SopsDecryptor> route) {
    this.fixed = fixed;
    this.sources = sources;
    this.env = env;
    this.cache = cache;
    this.route = route;
  }

  /** A decryptor that hands each file to the decryptor {@code byFile} picks for its name. */
  public SopsDecryptor routed(Function<String, SopsDecryptor> byFile) {
    return new SopsDecryptor(fixed, sources, env, cache, byFile);
  }

  /**
   * This decryptor under another environment (talhelper exports talenv entries before it
   * decrypts, so they choose the keys). Keys loaded by the result, key command output
   * included, are remembered by it and by decryptors derived from it, never by this one.
   */
  public SopsDecryptor withEnv(Map<String, String> newEnv) {
    return fixed != null ? this : new SopsDecryptor(null, sources, Map.copyOf(newEnv),
        cache != null ? cache : new ConcurrentHashMap<>(), null);
  }

  /** The identities for one recipient entry of a file. */
  private LoadedKeys keysFor(String recipient) {
    if (fixed != null) {
      return new LoadedKeys(fixed.identities(), List.of());
    }
    if (cache == null) {
      return sources.load(env, recipient);
    }
    return cache.computeIfAbsent(List.of(env, recipient), k -> sources.load(env, recipient));
  }

  /** Whether the bytes are a plain age file (a whole-file secret such as talsecret.yaml.age). */
  public static boolean isAgeFile(byte[] content) {
    return AgeFile.isAgeFile(content);
  }

  /** Decrypts a whole age file, armored or binary, with the same identities as sops files. */
  public Sensitive<byte[]> decryptAgeFile(String name, byte[] content) {
    if (route != null) {
      return route.apply(name).decryptAgeFile(name, content);
    }
    LoadedKeys keys = keysFor("");
    Optional<byte[]> out;
    try {
      out = AgeFile.decryptFile(content, keys.identities());
    } catch (SopsException e) {
      throw new SopsException(name + ": " + e.getMessage(), e);
    }
    return Sensitive.of(out.orElseThrow(() -> new SopsException(name + ": no age identity matches this age file; "
        + held(keys))));
  }

  /** Whether a file's bytes carry sops metadata (a top-level {@code sops} key). */
  public static boolean isEncrypted(String name, byte[] content) {
    try {
      List<Object> docs = SopsTree.parse(SopsFormat.ofName(name), content, name);
      return !docs.isEmpty() && docs.get(0) instanceof Map<?, ?> m && m.get("sops") instanceof Map;
    } catch (SopsException e) {
      return false;
    }
  }

  /** Decrypts a file; {@code name} picks the format and names the file in errors. */
  public SopsPlaintext decrypt(String name, byte[] content) {
    return decrypt(name, SopsFormat.ofName(name), content);
  }

  public SopsPlaintext decrypt(String name, SopsFormat format, byte[] content) {
    if (route != null) {
      return route.apply(name).decrypt(name, format, content);
    }
    List<Object> docs = SopsTree.parse(format, content, name);
    SopsMetadata meta = metadata(docs, name);
    return open(name, format, docs, meta, dataKey(meta, name));
  }

  /** Decrypts with a known data key, skipping the age layer; visible for testing. */
  static SopsPlaintext decryptWithDataKey(String name, SopsFormat format, byte[] content, byte[] dataKey) {
    List<Object> docs = SopsTree.parse(format, content, name);
    return open(name, format, docs, metadata(docs, name), dataKey);
  }

  @SuppressWarnings("unchecked")
  private static SopsMetadata metadata(List<Object> docs, String name) {
    if (docs.isEmpty()) {
      throw new SopsException(name + ": sops metadata not found (empty file)");
    }
    return SopsMetadata.from(plain(((Map<String, Object>) docs.get(0)).get("sops")), name);
  }

  /** Opens every value with the data key, then checks the MAC before handing anything out. */
  private static SopsPlaintext open(String name, SopsFormat format, List<Object> docs, SopsMetadata meta,
      byte[] dataKey) {
    Walk walk = new Walk(name, dataKey, meta);
    List<Object> out = new ArrayList<>();
    for (Object doc : docs) {
      out.add(walk.node(doc, new ArrayList<>(), true));
    }
    verifyMac(meta, dataKey, walk.mac(), name);
    return new SopsPlaintext(format, Sensitive.of(out));
  }

  private byte[] dataKey(SopsMetadata meta, String name) {
    if (meta.age().isEmpty()) {
      throw new SopsException(name + ": the file has no age recipient; it is encrypted for: "
          + (meta.otherKeys().isEmpty() ? "nothing" : String.join(", ", meta.otherKeys())));
    }
    LoadedKeys keys = null;
    for (Map<String, Object> entry : meta.age()) {
      Object enc = entry.get("enc");
      if (enc == null) {
        continue;
      }
      keys = keysFor(String.valueOf(entry.getOrDefault("recipient", "")));
      Optional<byte[]> key;
      try {
        key = AgeFile.decrypt(String.valueOf(enc), keys.identities());
      } catch (SopsException e) {
        throw e.getMessage().startsWith(name + ":") ? e : new SopsException(name + ": " + e.getMessage(), e);
      }
      if (key.isPresent()) {
        if (key.get().length != 32) {
          throw new SopsException(name + ": the age payload is not a 32-byte sops data key");
        }
        return key.get();
      }
    }
    throw new SopsException(name + ": no age identity matches; the file is encrypted for "
        + meta.ageRecipients() + (meta.otherKeys().isEmpty() ? "" : " and " + meta.otherKeys()) + ", "
        + held(keys == null ? keysFor("") : keys));
  }

  /** What plumb holds, for a message: the recipients, or the sources tried in order. */
  private String held(LoadedKeys keys) {
    if (fixed != null) {
      return "plumb holds " + (fixed.identities().isEmpty() ? "no age keys (set SOPS_AGE_KEY_FILE or"
          + " SOPS_AGE_KEY, or put keys in ~/.config/sops/age/keys.txt)" : fixed.recipients());
    }
    return "plumb tried, in order: " + keys.describe();
  }

  private static void verifyMac(SopsMetadata meta, byte[] key, MessageDigest h, String name) {
    String computed = HexFormat.of().withUpperCase().formatHex(h.digest());
    if (meta.mac().isEmpty()) {
      throw new SopsException(name + ": MAC mismatch: the file has no MAC");
    }
    Optional<Object> stored;
    try {
      stored = SopsValue.decrypt(meta.mac(), key, meta.lastModified(), name + ": sops.mac:");
    } catch (SopsException e) {
      throw new SopsException(name + ": cannot decrypt the MAC (tampered file or wrong lastmodified)", e);
    }
    if (stored.isEmpty() || !computed.equals(String.valueOf(stored.get()))) {
      throw new SopsException(name + ": MAC mismatch: the file was changed after it was encrypted"
          + " (values altered, added, removed or reordered)");
    }
  }

  /** Converts a metadata subtree of leaves into plain values. */
  @SuppressWarnings("unchecked")
  static Object plain(Object o) {
    if (o instanceof SopsTree.Leaf l) {
      return l.plain() ? GoYaml.resolvePlain(l.text()) : l.text();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(plain(v)));
      return out;
    }
    return o;
  }

  /** One decryption pass over the documents, feeding the MAC in file order. */
  private static final class Walk {
    private final String file;
    private final byte[] key;
    private final SopsMetadata meta;
    private final MessageDigest mac;

    Walk(String file, byte[] key, SopsMetadata meta) {
      this.file = file;
      this.key = key;
      this.meta = meta;
      try {
        this.mac = MessageDigest.getInstance("SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      if (meta.macOnlyEncrypted()) {
        mac.update(MAC_ONLY_ENCRYPTED_INIT);
      }
    }

    MessageDigest mac() {
      return mac;
    }

    Object node(Object n, List<String> path, boolean top) {
      if (n instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = String.valueOf(e.getKey());
          if (top && k.equals("sops")) {
            continue;
          }
          path.add(k);
          out.put(k, node(e.getValue(), path, false));
          path.remove(path.size() - 1);
        }
        return out;
      }
      if (n instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object c : l) {
          out.add(node(c, path, false));
        }
        return out;
      }
      return leaf(n, path);
    }

    private Object leaf(Object n, List<String> path) {
      Object value = n instanceof SopsTree.Leaf l ? (l.plain() ? GoYaml.resolvePlain(l.text()) : l.text()) : n;
      if (value == null) {
        return null;
      }
      boolean encrypted = meta.rule().encrypted(path);
      if (!encrypted) {
        if (!meta.macOnlyEncrypted()) {
          mac.update(GoYaml.toBytes(value));
        }
        return output(value);
      }
      String aad = String.join(":", path) + ":";
      String where = file + ": " + aad;
      if (!(value instanceof String s)) {
        throw new SopsException(where + " expected an encrypted value as string, found "
            + value.getClass().getSimpleName().toLowerCase(Locale.ROOT));
      }
      if (s.isEmpty()) {
        return "";
      }
      Object plainValue = SopsValue.decrypt(s, key, aad, where).orElse(null);
      if (plainValue == null) {
        return null;
      }
      mac.update(GoYaml.toBytes(plainValue));
      return output(plainValue);
    }

    private static Object output(Object v) {
      return v instanceof GoYaml.Time t ? t.text() : v;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
