package dev.plumb.render.sops;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which leaves sops encrypted: the single rule of the metadata (default: unencrypted suffix
 * {@code _unencrypted}), applied to every key on the value's path.
 */
final class CryptRule {
  private static final List<String> RULES = List.of("unencrypted_suffix", "encrypted_suffix",
      "unencrypted_regex", "encrypted_regex", "unencrypted_comment_regex", "encrypted_comment_regex");
  private final String kind;
  private final String suffix;
  private final Pattern regex;

  private CryptRule(String kind, String suffix, Pattern regex) {
    this.kind = kind;
    this.suffix = suffix;
    this.regex = regex;
  }

  static CryptRule from(Map<String, Object> meta, String file) {
    String found = null;
    for (String r : RULES) {
      Object v = meta.get(r);
      if (v != null && !String.valueOf(v).isEmpty()) {
        if (found != null) {
          throw new SopsException(file + ": cannot use more than one of " + String.join(", ", RULES)
              + " in the same file");
        }
        found = r;
      }
    }
    if (found == null) {
      return new CryptRule("unencrypted_suffix", "_unencrypted", null);
    }
    String value = String.valueOf(meta.get(found));
    if (found.endsWith("comment_regex")) {
      throw new SopsException(file + ": sops option " + found + " is not supported by plumb");
    }
    if (found.endsWith("_regex")) {
      if (value.matches(".*(\\(\\?[=!<]|\\\\[1-9]).*")) {
        throw new SopsException(file + ": " + found + " uses lookaround or backreferences, which sops (RE2) does not accept");
      }
      try {
        return new CryptRule(found, null, Pattern.compile(value));
      } catch (PatternSyntaxException e) {
        throw new SopsException(file + ": " + found + " is not a valid regular expression: " + e.getDescription());
      }
    }
    return new CryptRule(found, value, null);
  }

  boolean encrypted(List<String> path) {
    boolean any = false;
    for (String k : path) {
      if (suffix != null ? k.endsWith(suffix) : regex.matcher(k).find()) {
        any = true;
        break;
      }
    }
    return kind.startsWith("unencrypted") ? !any : any;
  }
}
