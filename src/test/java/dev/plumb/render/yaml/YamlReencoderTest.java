package dev.plumb.render.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * talhelper re-encodes an {@code @file}'s YAML without comments at indent 2 before substituting it
 * (reference/talhelper.md §3.2); yaml.v3 keeps each node's style (encode.go node(), emitterc.go).
 */
class YamlReencoderTest {
  @Test
  void commentsGoStylesStayIndentIsTwo() {
    String manifest = "# a header comment\n"
        + "apiVersion: v1   # trailing\n"
        + "kind: ConfigMap\n"
        + "metadata:\n"
        + "    name: 'cfg'\n"
        + "    labels: {app: demo, \"tier\": web}\n"
        + "data:\n"
        + "    args: [\"--a\", b]\n"
        + "    script: |\n"
        + "        #!/bin/sh\n"
        + "        echo ${NAME}\n"
        + "\n"
        + "\n"
        + "    folded: >\n"
        + "        one\n"
        + "        two\n"
        + "    list:\n"
        + "    - x   # item\n"
        + "    - k: v\n"
        + "      n: \"1\"\n"
        + "---\n"
        + "# second\n"
        + "kind: Secret\n";
    assertThat(YamlReencoder.reencode("m.yaml", manifest, 2)).contains("apiVersion: v1\n"
        + "kind: ConfigMap\n"
        + "metadata:\n"
        + "  name: 'cfg'\n"
        + "  labels: {app: demo, \"tier\": web}\n"
        + "data:\n"
        + "  args: [\"--a\", b]\n"
        + "  script: |\n"
        + "    #!/bin/sh\n"
        + "    echo ${NAME}\n"
        + "  folded: >\n"
        + "    one two\n"
        + "  list:\n"
        + "    - x\n"
        + "    - k: v\n"
        + "      n: \"1\"\n"
        + "---\n"
        + "kind: Secret\n");
  }

  @Test
  void textThatIsNotYamlCollectionsIsLeftToTheCaller() {
    assertThat(YamlReencoder.reencode("s.sh", "#!/bin/sh\necho $HOME\n", 2)).isEmpty();
    assertThat(YamlReencoder.reencode("s.toml", "[plugins.\"io.containerd\"]\n  a = 1\n", 2)).isEmpty();
    assertThat(YamlReencoder.reencode("e.conf", "VALUE=${X}\n", 2)).isEmpty();
  }
}
