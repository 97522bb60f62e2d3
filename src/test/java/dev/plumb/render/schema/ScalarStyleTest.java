package dev.plumb.render.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.render.schema.YamlTree.Style;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * String styles as Talos's encoder asks for them (go.yaml.in/yaml/v4 representer.go stringv: YAML 1.1
 * booleans single-quoted, text that resolves to another type double-quoted by the desolver, multi-line
 * text literal) and go-yaml's emitter allows them (emitterc.go yaml_emitter_analyze_scalar,
 * yaml_emitter_select_scalar_style).
 */
class ScalarStyleTest {
  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "hello|PLAIN", "ghcr.io/siderolabs/installer:v1.13.9|PLAIN", "https://10.0.0.1:6443|PLAIN",
      "10.244.0.0/16|PLAIN", "x#y|PLAIN", "a:b|PLAIN", "-x|PLAIN", "LS0tLS1CRUdJTi==|PLAIN",
      "``|DOUBLE", "true|DOUBLE", "False|DOUBLE", "null|DOUBLE", "~|DOUBLE", "262144|DOUBLE", "0o644|DOUBLE",
      "0644|DOUBLE", "1.5|DOUBLE", ".inf|DOUBLE", "1_000|DOUBLE", "0x1F|DOUBLE", "2024-01-02|DOUBLE",
      "off|SINGLE", "yes|SINGLE", "ON|SINGLE", "n|SINGLE", "<<|SINGLE", "1:20|SINGLE", "190:20:30|SINGLE",
      "- x|SINGLE", "a: b|SINGLE", "#x|SINGLE", "x #y|SINGLE", "@at|SINGLE", "*star|SINGLE", "&amp|SINGLE",
      "!tag|SINGLE", "%p|SINGLE", "`` lead``|SINGLE", "``trail ``|SINGLE", "---|SINGLE", "[a]|SINGLE",
      "{a}|SINGLE", "? q|SINGLE", "`'q'`|SINGLE", "\"dq\"|SINGLE", "a\tb|DOUBLE"})
  void oneLineStrings(String s, Style style) {
    assertThat(ScalarStyle.string(s.replace("\\t", "\t"), false).style()).isEqualTo(style);
  }

  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"a\\nb\\n|LITERAL", "a\\nb|LITERAL",
      "a\\n\\n|LITERAL", "\\n|DOUBLE", "` \\n `|DOUBLE", "x \\ny|DOUBLE", "`a\\nb `|DOUBLE", "` lead\\n`|LITERAL",
      "tab\\there\\n|LITERAL"})
  void multiLineStrings(String s, Style style) {
    assertThat(ScalarStyle.string(s.replace("\\n", "\n").replace("\\t", "\t"), false).style()).isEqualTo(style);
  }

  @ParameterizedTest(name = "key [{0}] is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"``|DOUBLE", "a|PLAIN", "node.kubernetes.io/x|PLAIN",
      "true|DOUBLE", "8080|DOUBLE", "a\\nb|DOUBLE"})
  void keys(String s, Style style) {
    assertThat(ScalarStyle.string(s.replace("\\n", "\n"), true).style()).isEqualTo(style);
  }

  // strconv.FormatFloat(v, 'g', -1, 64), and v4 floatv's .inf/.nan
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"1.5, 1.5", "100.0, 100", "1000000.0, 1e+06", "123456789.0, 1.23456789e+08", "0.0001, 0.0001",
      "0.00001, 1e-05", "-2.5, -2.5", "0.0, 0", "123456.0, 123456", "1.0E21, 1e+21"})
  void floatsAsGoWritesThem(double d, String text) {
    assertThat(ScalarStyle.goFloat(d)).isEqualTo(text);
  }
}
