package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SopsTreeLimitsTest {
  /** 72 aliases, under the alias limit, that expand to 9^9 leaves: refused as fast as it is read. */
  @Test
  @Timeout(20)
  void anAliasBombIsRefusedInsteadOfExpanded() {
    StringBuilder y = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 8; i++) {
      String prev = "*l" + (i - 1);
      y.append("l").append(i).append(": &l").append(i).append(" [").append(String.join(", ",
          java.util.Collections.nCopies(9, prev))).append("]\n");
    }
    y.append("sops: {version: 3.9.0}\n");
    byte[] bomb = y.toString().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SopsTree.parse(SopsFormat.YAML, bomb, "bomb.sops.yaml"))
        .isInstanceOf(SopsException.class).hasMessageContaining("bomb.sops.yaml: YAML expands to more than");
  }

  @Test
  @Timeout(20)
  void deepNestingIsAMessageNotAStackOverflow() {
    String deep = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    assertThatThrownBy(() -> SopsTree.parse(SopsFormat.YAML, deep.getBytes(StandardCharsets.UTF_8), "deep.yaml"))
        .isInstanceOf(SopsException.class).hasMessageStartingWith("deep.yaml: ");
  }
}
