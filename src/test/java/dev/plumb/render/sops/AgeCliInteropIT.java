package dev.plumb.render.sops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb's age layer against the real age CLI (Debian's age package), both directions. */
class AgeCliInteropIT {
  @TempDir Path dir;

  private static String run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void ageDecryptsWhatPlumbEncryptsAndPlumbDecryptsWhatAgeEncrypts() throws Exception {
    Path key = dir.resolve("key.txt");
    run(List.of("age-keygen", "-o", key.toString()), new byte[0]);
    AgeIdentity id = (AgeIdentity) AgeKeys.fromFile(key).identities().get(0);
    assertThat(Files.readString(key)).contains("# public key: " + id.recipient());

    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    String armored = AgeEncrypt.armored(dataKey, id.recipient(), new SecureRandom());
    String decrypted = run(List.of("age", "-d", "-i", key.toString()), armored.getBytes(StandardCharsets.US_ASCII));
    assertThat(decrypted.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(dataKey);

    String fromAge = run(List.of("age", "-a", "-r", id.recipient()), dataKey);
    assertThat(AgeFile.decrypt(fromAge, List.of(id))).hasValueSatisfying(v -> assertThat(v).isEqualTo(dataKey));
  }
}
