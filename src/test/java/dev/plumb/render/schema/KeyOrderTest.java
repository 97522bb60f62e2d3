package dev.plumb.render.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Map keys in go-yaml's order (yaml/go-yaml sorter.go keyList.Less, the same in yaml.v3 and v4). */
class KeyOrderTest {
  @Test
  void digitRunsCompareAsNumbers() {
    assertThat(KeyOrder.sorted(List.of("eth10", "eth2", "eth1"))).containsExactly("eth1", "eth2", "eth10");
    assertThat(KeyOrder.sorted(List.of("a10b", "a9b", "a9a"))).containsExactly("a9a", "a9b", "a10b");
  }

  @Test
  void otherCharactersComeBeforeLettersExceptAfterADigit() {
    // a letter against a non-letter: the non-letter first, by code point among themselves
    assertThat(KeyOrder.sorted(List.of("a.b", "ab", "a-b"))).containsExactly("a-b", "a.b", "ab");
    // right after a digit it is the other way round
    assertThat(KeyOrder.sorted(List.of("1a", "1.", "1"))).containsExactly("1", "1a", "1.");
  }

  @Test
  void aKeyGoesAfterItsPrefixAndUppercaseBeforeLowercase() {
    assertThat(KeyOrder.sorted(List.of("node.kubernetes.io/x", "node", "Node", "b")))
        .containsExactly("Node", "b", "node", "node.kubernetes.io/x");
  }

  @Test
  void sortingDoesNotDependOnTheInputOrder() {
    List<String> keys = List.of("vm.max_map_count", "net.core.rmem_max", "kernel.pid_max", "fs.inotify.max_user_watches");
    assertThat(KeyOrder.sorted(keys)).isEqualTo(KeyOrder.sorted(List.of("kernel.pid_max", "vm.max_map_count", "fs.inotify.max_user_watches", "net.core.rmem_max")))
        .containsExactly("fs.inotify.max_user_watches", "kernel.pid_max", "net.core.rmem_max", "vm.max_map_count");
  }
}
