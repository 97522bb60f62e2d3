package dev.plumb.render.sops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} value: AES-256-GCM with the data
 * key, the value's path as authenticated data, and the type restored as sops does.
 */
final class SopsValue {
  private static final Pattern ENC =
      Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]$", Pattern.DOTALL);

  private SopsValue() {}

  static boolean looksEncrypted(String s) {
    return ENC.matcher(s).matches();
  }

  /** The typed plaintext; a comment gives empty. {@code where} names the value in errors. */
  static Optional<Object> decrypt(String enc, byte[] key, String aad, String where) {
    Matcher m = ENC.matcher(enc);
    if (!m.matches()) {
      throw new SopsException(where + " value is not in sops' ENC[AES256_GCM,...] format");
    }
    byte[] plain = open(m, key, aad, where);
    String type = m.group(4);
    String text = new String(plain, StandardCharsets.UTF_8);
    try {
      return switch (type) {
        case "str" -> Optional.of(text);
        case "int" -> Optional.of(Long.parseLong(text.startsWith("+") ? text.substring(1) : text));
        case "float" -> Optional.of(Double.parseDouble(text));
        case "bool" -> Optional.of(parseBool(text, where));
        case "time" -> Optional.of(new GoYaml.Time(OffsetDateTime.parse(text)));
        case "bytes" -> Optional.of(plain);
        case "comment" -> Optional.empty();
        default -> throw new SopsException(where + " unknown datatype: " + type);
      };
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      throw new SopsException(where + " decrypted value does not parse as " + type);
    }
  }

  private static byte[] open(Matcher m, byte[] key, String aad, String where) {
    try {
      byte[] data = Base64.getDecoder().decode(m.group(1));
      byte[] iv = Base64.getDecoder().decode(m.group(2));
      byte[] tag = Base64.getDecoder().decode(m.group(3));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] both = new byte[data.length + tag.length];
      System.arraycopy(data, 0, both, 0, data.length);
      System.arraycopy(tag, 0, both, data.length, tag.length);
      return c.doFinal(both);
    } catch (IllegalArgumentException e) {
      throw new SopsException(where + " ENC value has invalid base64");
    } catch (GeneralSecurityException e) {
      throw new SopsException(where + " cannot decrypt: the value or its position was altered, or the"
          + " data key is wrong (AES-GCM authentication failed)");
    }
  }

  private static Boolean parseBool(String s, String where) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw new SopsException(where + " decrypted value is not a bool");
    };
  }
}
