package io.backchannel.core.auth;

/** A refused node; the message is sent to it in REJECTED_SETUP, so it must not leak secrets. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String reason) {
    super(reason);
  }
}
