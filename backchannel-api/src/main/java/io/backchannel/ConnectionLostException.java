package io.backchannel;

import org.jspecify.annotations.Nullable;

/**
 * The connection closed or failed while the call was in flight: the other node may have acted on
 * it. A call that found no connection at all fails with {@link NotConnectedException} instead.
 */
public final class ConnectionLostException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public ConnectionLostException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
