package dev.plumb.render.sops;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * BIP-173 Bech32 as age uses it: the original checksum (polymod 1), no length limit, one case
 * throughout, the separator is the last {@code 1}.
 */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  private Bech32() {}

  /** A decoded string: its human-readable part (lower case) and data bytes. */
  record Decoded(String hrp, byte[] data) {}

  static Decoded decode(String s) {
    if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("mixed case");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int pos = lower.lastIndexOf('1');
    if (pos < 1 || pos + 7 > lower.length()) {
      throw new IllegalArgumentException("separator misplaced");
    }
    String hrp = lower.substring(0, pos);
    int[] values = new int[lower.length() - pos - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(pos + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException("invalid character");
      }
      values[i] = v;
    }
    if (polymod(hrp, values) != 1) {
      throw new IllegalArgumentException("invalid checksum");
    }
    return new Decoded(hrp, convert(values, values.length - 6));
  }

  static String encode(String hrp, byte[] data) {
    int[] five = toFive(data);
    int[] withChk = new int[five.length + 6];
    System.arraycopy(five, 0, withChk, 0, five.length);
    int mod = polymod(hrp, withChk) ^ 1;
    StringBuilder sb = new StringBuilder(hrp).append('1');
    for (int i = 0; i < five.length; i++) {
      sb.append(CHARSET.charAt(five[i]));
    }
    for (int i = 0; i < 6; i++) {
      sb.append(CHARSET.charAt((mod >>> (5 * (5 - i))) & 31));
    }
    return sb.toString();
  }

  private static int polymod(String hrp, int[] values) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk) ^ (hrp.charAt(i) >> 5);
    }
    chk = step(chk);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk) ^ (hrp.charAt(i) & 31);
    }
    for (int v : values) {
      chk = step(chk) ^ v;
    }
    return chk;
  }

  private static int step(int chk) {
    int top = chk >>> 25;
    chk = (chk & 0x1ffffff) << 5;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GEN[i];
      }
    }
    return chk;
  }

  private static byte[] convert(int[] five, int len) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < len; i++) {
      acc = (acc << 5) | five[i];
      bits += 5;
      while (bits >= 8) {
        bits -= 8;
        out.write((acc >>> bits) & 0xff);
      }
    }
    if (bits >= 5 || (acc & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("invalid padding");
    }
    return out.toByteArray();
  }

  private static int[] toFive(byte[] data) {
    int[] out = new int[(data.length * 8 + 4) / 5];
    int acc = 0;
    int bits = 0;
    int j = 0;
    for (byte b : data) {
      acc = (acc << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[j++] = (acc >>> bits) & 31;
      }
    }
    if (bits > 0) {
      out[j] = (acc << (5 - bits)) & 31;
    }
    return out;
  }
}
