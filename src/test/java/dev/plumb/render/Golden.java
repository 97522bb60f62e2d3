package dev.plumb.render;

import static org.assertj.core.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Golden files: the expected output lives in a reviewable file. {@code -Dplumb.golden.update=true}
 * rewrites them (CI never sets it); a mismatch fails with a unified diff.
 */
public final class Golden {
  private Golden() {}

  public static boolean updating() {
    return Boolean.getBoolean("plumb.golden.update");
  }

  public static void assertMatches(Path expected, String actual) throws IOException {
    if (updating()) {
      Files.createDirectories(expected.getParent());
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(expected)) {
      fail("golden file " + expected + " is missing; run with -Dplumb.golden.update=true to create it");
    }
    String want = Files.readString(expected, StandardCharsets.UTF_8);
    if (!want.equals(actual)) {
      List<String> a = Arrays.asList(want.split("\n", -1));
      List<String> b = Arrays.asList(actual.split("\n", -1));
      List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(expected.toString(), "actual", a, DiffUtils.diff(a, b), 3);
      fail("output differs from " + expected + ":\n" + String.join("\n", diff));
    }
  }
}
