package dev.plumb.render.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code sops} block of a file: age recipients, the MAC, its timestamp and the crypt rule. */
record SopsMetadata(List<Map<String, Object>> age, List<String> otherKeys, String mac, String lastModified,
    boolean macOnlyEncrypted, CryptRule rule) {

  @SuppressWarnings("unchecked")
  static SopsMetadata from(Object raw, String file) {
    if (!(raw instanceof Map<?, ?> m0)) {
      throw new SopsException(file + ": sops metadata not found (not a sops-encrypted file)");
    }
    Map<String, Object> m = (Map<String, Object>) m0;
    Map<String, Object> keys = m;
    Object groups = m.get("key_groups");
    if (groups instanceof List<?> g && !g.isEmpty()) {
      if (g.size() > 1) {
        throw new SopsException(file + ": the data key is split over " + g.size()
            + " key groups (Shamir secret sharing), which plumb does not support");
      }
      keys = (Map<String, Object>) g.get(0);
    }
    List<Map<String, Object>> age = new ArrayList<>();
    if (keys.get("age") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> e) {
          age.add((Map<String, Object>) e);
        }
      }
    }
    List<String> others = new ArrayList<>();
    for (String kind : List.of("pgp", "kms", "gcp_kms", "azure_kv", "hc_vault", "hckms")) {
      if (keys.get(kind) instanceof List<?> l && !l.isEmpty()) {
        for (Object o : l) {
          Map<String, Object> e = (Map<String, Object>) o;
          Object id = e.getOrDefault("fp", e.getOrDefault("arn", e.getOrDefault("resource_id",
              e.getOrDefault("vault_url", e.getOrDefault("vault_address", "?")))));
          others.add(kind + " " + id);
        }
      }
    }
    Object mac = m.get("mac");
    Object lm = m.get("lastmodified");
    Object macOnly = m.get("mac_only_encrypted");
    return new SopsMetadata(age, others, mac == null ? "" : String.valueOf(mac),
        lm == null ? "" : String.valueOf(lm),
        macOnly != null && (Boolean.TRUE.equals(macOnly) || "true".equalsIgnoreCase(String.valueOf(macOnly))),
        CryptRule.from(m, file));
  }

  List<String> ageRecipients() {
    return age.stream().map(e -> String.valueOf(e.get("recipient"))).toList();
  }
}
