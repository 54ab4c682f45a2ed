package io.backchannel.transport.kafka;

import java.io.IOException;

/**
 * A session record failed TLS's integrity check, or was a control record where only TLS may
 * speak: someone with write access to the session's topic forged, replayed or altered it. Ends
 * that session only.
 */
public final class SessionIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  SessionIntegrityException(String message) {
    super(message);
  }
}
