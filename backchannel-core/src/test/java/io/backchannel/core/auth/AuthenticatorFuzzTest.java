package io.backchannel.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.backchannel.testing.TestAuth;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes token verification through the {@link Authenticator} a listener runs on every SETUP, so
 * it keeps covering whichever token format {@link TestAuth} issues. Whatever a node presents, the
 * authenticator admits it as some principal or refuses it with an {@link AuthenticationException}
 * whose reason is plain text: never another exception, whose message would be sent to the node.
 */
class AuthenticatorFuzzTest {
  private static final Authenticator TOKENS = TestAuth.authenticator();

  @FuzzTest(maxDuration = "60s")
  void bearerToken(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    try {
      Principal principal = TOKENS.authenticate(new AuthenticationRequest("sidecar-1", null, null, token, null));
      assertThat(principal).isNotNull();
    } catch (AuthenticationException refused) {
      assertThat(refused.getMessage()).isNotBlank().doesNotContain("Exception", "\n");
    }
  }
}
