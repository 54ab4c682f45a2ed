package io.backchannel.spring.boot.internal;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Matches when {@code backchannel.auth.key-file} or {@code backchannel.auth.jwk-set-file} is set. */
final class OnTokenKeys extends AnyNestedCondition {
  OnTokenKeys() {
    super(ConfigurationPhase.REGISTER_BEAN);
  }

  @ConditionalOnProperty(prefix = "backchannel.auth", name = "key-file")
  static final class KeyFile {}

  @ConditionalOnProperty(prefix = "backchannel.auth", name = "jwk-set-file")
  static final class JwkSetFile {}
}
