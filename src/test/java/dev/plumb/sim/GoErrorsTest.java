package dev.plumb.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Endpoint checks as siderolabs/net ValidateEndpointURI words them after Go's url.Parse, and
 * go-multierror's list format.
 */
class GoErrorsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "OK", value = {
      "https://10.0.0.1:6443|OK",
      "http://cp.example.com|OK",
      "https://[fd00::1]:6443|OK",
      "cp.example.com:6443|hostname must not be blank",
      "10.0.0.1:6443|parse \"10.0.0.1:6443\": first path segment in URL cannot contain colon",
      "https://fd00::1:6443|IPv6 addresses MUST be enclosed by square brackets",
      "https://cp:http|parse \"https://cp:http\": invalid port \":http\" after host",
      "https://cp:0|port number must be between 1 and 65535",
      "https://[fd00::1|parse \"https://[fd00::1\": missing ']' in host"})
  void endpoint(String endpoint, String problem) {
    assertThat(GoErrors.endpointProblem(endpoint).orElse(null)).isEqualTo(problem);
  }

  @ParameterizedTest(name = "{0} errors")
  @CsvSource({"1", "2"})
  void multiError(int n) {
    String text = GoErrors.multi(n == 1 ? List.of("a") : List.of("a", "b"));
    assertThat(text).isEqualTo(n == 1 ? "1 error occurred:\n\t* a\n\n" : "2 errors occurred:\n\t* a\n\t* b\n\n");
  }
}
