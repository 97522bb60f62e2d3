package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every talconfig of ../shared/corpus/talhelper loads and validates, or fails as documented. */
class CorpusValidateTest {
  static List<CorpusFixture> fixtures() throws IOException {
    return CorpusFixture.all();
  }

  @Test
  void everyCorpusRepositoryHasAFixture() throws IOException {
    try (var s = Files.list(CorpusFixture.CORPUS)) {
      List<String> repos = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(fixtures()).extracting(CorpusFixture::repo).containsExactlyElementsOf(repos);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void validatesAsExpected(CorpusFixture f) {
    for (String path : f.talconfigs()) {
      List<RenderProblem> problems;
      try {
        TalConfig cfg = f.load(path);
        problems = TalValidator.validate(cfg, f.tree());
        if (f.valid()) {
          assertThat(cfg.nodes()).isNotEmpty();
        }
      } catch (RenderException e) {
        problems = e.problems();
      }
      if (f.valid()) {
        assertThat(problems).as(path).isEmpty();
      } else {
        assertThat(problems).as(path).isNotEmpty();
        List<String> text = problems.stream().map(RenderProblem::toString).toList();
        for (String want : f.errors()) {
          assertThat(text).as(path).anyMatch(t -> t.contains(want));
        }
        assertThat(problems).allMatch(p -> p.line() > 0 && p.file().equals(path));
      }
    }
  }
}
