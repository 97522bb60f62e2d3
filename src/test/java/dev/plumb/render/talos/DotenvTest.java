package dev.plumb.render.talos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.render.RenderException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expectations from joho/godotenv parser.go (v1.5), which talhelper's substitute.LoadEnv calls. */
class DotenvTest {
  static final Map<String, String> ENV = Map.of("HOME_DIR", "/home/u", "SHADOWED", "from-env");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("A=1\nB: two\n", Map.of("A", "1", "B", "two")),
        Arguments.of("export A=1\n  export   B = x  \n", Map.of("A", "1", "B", "x")),
        Arguments.of("# comment\n---\nA: 1 # trailing comment\n", Map.of("A", "1")),
        // the comment cut is the last blank-then-# of an unquoted value
        Arguments.of("A=a#b c #d #e\n", Map.of("A", "a#b c #d")),
        Arguments.of("A='lit $HOME_DIR \\n'\n", Map.of("A", "lit $HOME_DIR \\n")),
        Arguments.of("A=\"x\\ny\\\"z\"\n", Map.of("A", "x\ny\"z")),
        Arguments.of("A=\"multi\nline\"\n", Map.of("A", "multi\nline")),
        // expansion: earlier keys of the file first, then the environment, unset is empty
        Arguments.of("BASE=k8s\nNAME=${BASE}-$BASE\nH=$HOME_DIR/x\nU=${UNSET}!\n",
            Map.of("BASE", "k8s", "NAME", "k8s-k8s", "H", "/home/u/x", "U", "!")),
        Arguments.of("SHADOWED=file\nX=$SHADOWED\n", Map.of("SHADOWED", "file", "X", "file")),
        Arguments.of("X=\"$HOME_DIR\"\nY='$HOME_DIR'\nZ=\\$HOME_DIR\n",
            Map.of("X", "/home/u", "Y", "$HOME_DIR", "Z", "$HOME_DIR")),
        // only upper-case names are expanded
        Arguments.of("lower=1\nX=${lower}$lower\n", Map.of("lower", "1", "X", "${lower}$lower")),
        Arguments.of("A=\nB=\"\"\nC: \"quoted: value\"\n", Map.of("A", "", "B", "", "C", "quoted: value")),
        Arguments.of("A=1\r\nB=2\r\n", Map.of("A", "1", "B", "2")),
        Arguments.of("dotted.key=1\n", Map.of("dotted.key", "1")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsAsGodotenvDoes(String text, Map<String, String> expected) {
    assertThat(Dotenv.parse("talenv.yaml", text, ENV::get)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @ParameterizedTest
  @MethodSource("broken")
  void whatGodotenvRefusesIsAnErrorWithItsLine(String text, String message) {
    assertThatThrownBy(() -> Dotenv.parse("talenv.yaml", text, ENV::get)).isInstanceOf(RenderException.class)
        .hasMessageContaining(message).hasMessageContaining("talhelper would silently ignore this whole file");
  }

  static Stream<Arguments> broken() {
    return Stream.of(
        Arguments.of("A=1\nnot a pair\n", "talenv.yaml:2:1: expected KEY: value or KEY=value"),
        Arguments.of("A=1\nmy-key=2\n", "talenv.yaml:2:3: unexpected character '-' in a variable name"),
        Arguments.of("A=\"open\n", "talenv.yaml:1:3: unterminated quoted value"));
  }
}
