package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The connection to the peer closed or failed before the call completed, or there was none. */
public final class ConnectionLostException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public ConnectionLostException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
