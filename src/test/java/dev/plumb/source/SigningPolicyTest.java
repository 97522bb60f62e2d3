package dev.plumb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signedCommits section: files must exist at start; mistakes name the field. */
class SigningPolicyTest {
  @Test
  void readsKeyFilesAndTheAllowedSignersFile(@TempDir Path dir) throws Exception {
    Path key = Files.writeString(dir.resolve("alice.asc"), "x");
    Path signers = Files.writeString(dir.resolve("allowed_signers"), "x");
    SigningPolicy p = SigningPolicy.parse(dir.resolve("plumb.yaml"),
        Map.of("openpgpKeyFiles", java.util.List.of(key.toString()), "sshAllowedSignersFile", signers.toString()));
    assertThat(p.enabled()).isTrue();
    assertThat(p.openpgpKeyFiles()).containsExactly(key);
    assertThat(p.sshAllowedSigners()).contains(signers);
    assertThat(SigningPolicy.parse(dir.resolve("plumb.yaml"), null).enabled()).isFalse();
  }

  @Test
  void mistakesNameTheFieldAndTheFile(@TempDir Path dir) {
    Path cfg = dir.resolve("plumb.yaml");
    assertThatThrownBy(() -> SigningPolicy.parse(cfg, Map.of("sshAllowedSignersFile", dir.resolve("nope").toString())))
        .hasMessageContaining("signedCommits.sshAllowedSignersFile: cannot read " + dir.resolve("nope"));
    assertThatThrownBy(() -> SigningPolicy.parse(cfg, Map.of("gpgKeys", "x")))
        .hasMessageContaining("unknown field 'signedCommits.gpgKeys'");
    assertThatThrownBy(() -> SigningPolicy.parse(cfg, Map.of()))
        .hasMessageContaining("name openpgpKeyFiles and/or sshAllowedSignersFile");
    assertThatThrownBy(() -> SigningPolicy.parse(cfg, Map.of("openpgpKeyFiles", "one.asc")))
        .hasMessageContaining("expected a list");
  }
}
