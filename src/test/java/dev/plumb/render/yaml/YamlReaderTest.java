package dev.plumb.render.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.RenderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  @Test
  void tenThousandLevelsOfNestingAreAProblemNotAStackOverflow() {
    String flow = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    String block = "- ".repeat(10_000) + "x\n";
    for (String text : List.of(flow, block, "{a: ".repeat(10_000) + "}".repeat(10_000))) {
      assertThatThrownBy(() -> YamlReader.readAll("deep.yaml", text)).isInstanceOf(RenderException.class)
          .hasMessageContaining("deep.yaml").hasMessageContaining("nested deeper than 64 levels");
    }
  }

  @Test
  void nestingUpToTheLimitIsRead() {
    String text = "[".repeat(YamlReader.MAX_DEPTH) + "]".repeat(YamlReader.MAX_DEPTH);
    assertThat(YamlReader.readAll("ok.yaml", text)).hasSize(1);
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      sb.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    assertThatThrownBy(() -> YamlReader.readAll("bomb.yaml", sb.toString())).isInstanceOf(RenderException.class)
        .hasMessageContaining("alias bomb");
  }

  @Test
  void anchorsAliasesMergeKeysAndDuplicates() {
    YMap m = (YMap) YamlReader.read("f.yaml", "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: *b\n").orElseThrow();
    assertThat(YValues.toJava(m)).isEqualTo(Map.of("base", Map.of("x", 1L, "y", 2L), "c", Map.of("x", 1L, "y", 3L),
        "d", Map.of("x", 1L, "y", 2L)));
    assertThat(((YMap) m.get("c").orElseThrow()).entries().keySet()).containsExactly("y", "x");
    assertThatThrownBy(() -> YamlReader.read("f.yaml", "a: 1\nb: 2\na: 3\n"))
        .hasMessageContaining("f.yaml:3:1").hasMessageContaining("duplicate key 'a' (first at line 1)");
    assertThatThrownBy(() -> YamlReader.read("f.yaml", "a: *nope\n")).hasMessageContaining("names no anchor");
  }

  @Test
  void commentsAreRemovedWithoutMovingLinesAndBlockScalarsKeepTheirChomping() {
    String text = "# yaml-language-server: $schema=x\na: |\n  one\n\n# a comment longer than the indent\nb: 2 # $HOME\n";
    String stripped = YamlReader.stripComments("f.yaml", text);
    assertThat(stripped).isEqualTo("\na: |\n  one\n\n\nb: 2\n");
    // YAML's clip chomping: one trailing newline, no trailing blank lines (yaml spec 8.1.1.2)
    YMap m = (YMap) YamlReader.read("f.yaml", stripped).orElseThrow();
    assertThat(((YScalar) m.get("a").orElseThrow()).text()).isEqualTo("one\n");
    assertThat(m.keyMark("b").line()).isEqualTo(6);
  }

  @Test
  void aHashInsideABlockScalarOrQuotesIsContent() {
    String text = "a: |\n  # kept\nb: \"x # y\"\n";
    assertThat(YamlReader.stripComments("f.yaml", text)).isEqualTo(text);
  }

  @Test
  void invalidYamlNamesFileLineAndColumn() {
    assertThatThrownBy(() -> YamlReader.stripComments("bad.yaml", "a: [1, 2\nb: 3\n"))
        .hasMessageContaining("bad.yaml:").hasMessageContaining("invalid YAML");
  }
}
