package dev.plumb.render.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Encrypts a YAML document for age recipients in sops' format (what {@code sops -e} writes):
 * every value AES-256-GCM with its path as authenticated data, the data key age-encrypted per
 * recipient, and the MAC over all values. Used by {@code plumb gensecret --age-recipient}.
 */
public final class SopsEncryptor {
  private final SecureRandom random = new SecureRandom();
  private final List<String> recipients;

  public SopsEncryptor(List<String> recipients) {
    if (recipients.isEmpty()) {
      throw new SopsException("at least one age recipient is needed");
    }
    this.recipients = List.copyOf(recipients);
  }

  /** The encrypted YAML of a document (plain values: maps, lists, strings, numbers, booleans). */
  public String encryptYaml(Map<String, Object> document, Instant now) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    MessageDigest mac = sha512();
    @SuppressWarnings("unchecked")
    Map<String, Object> enc = (Map<String, Object>) walk(document, new ArrayList<>(), key, mac);
    String lastModified = now.truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Object> meta = new LinkedHashMap<>();
    List<Object> age = new ArrayList<>();
    for (String r : recipients) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("recipient", r);
      e.put("enc", AgeEncrypt.armored(key, r, random));
      age.add(e);
    }
    meta.put("age", age);
    meta.put("lastmodified", lastModified);
    meta.put("mac", seal(HexFormat.of().withUpperCase().formatHex(mac.digest()), "str", key, lastModified));
    meta.put("unencrypted_suffix", "_unencrypted");
    meta.put("version", "3.9.0");
    Map<String, Object> out = new LinkedHashMap<>(enc);
    out.put("sops", meta);
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(4).setIndicatorIndent(2)
        .setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).build()).dumpToString(out);
  }

  private Object walk(Object v, List<String> path, byte[] key, MessageDigest mac) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        path.add(String.valueOf(e.getKey()));
        out.put(String.valueOf(e.getKey()), walk(e.getValue(), path, key, mac));
        path.remove(path.size() - 1);
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(walk(x, path, key, mac)));
      return out;
    }
    if (v == null) {
      return null;
    }
    mac.update(GoYaml.toBytes(v));
    if (path.stream().anyMatch(k -> k.endsWith("_unencrypted"))) {
      return v;
    }
    String text = GoYaml.text(v);
    if (text.isEmpty() && v instanceof String) {
      return "";
    }
    String type = v instanceof Boolean ? "bool" : v instanceof Long || v instanceof Integer ? "int"
        : v instanceof Double ? "float" : "str";
    return seal(text, type, key, String.join(":", path) + ":");
  }

  private String seal(String plaintext, String type, byte[] key, String aad) {
    try {
      byte[] iv = new byte[32];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] out = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] data = java.util.Arrays.copyOf(out, out.length - 16);
      byte[] tag = java.util.Arrays.copyOfRange(out, out.length - 16, out.length);
      Base64.Encoder b = Base64.getEncoder();
      return "ENC[AES256_GCM,data:" + b.encodeToString(data) + ",iv:" + b.encodeToString(iv) + ",tag:"
          + b.encodeToString(tag) + ",type:" + type + "]";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
