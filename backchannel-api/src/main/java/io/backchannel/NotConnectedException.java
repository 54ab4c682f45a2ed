package io.backchannel;

import org.jspecify.annotations.Nullable;

/**
 * There was no connection to send the call on (never connected, or closed before the call
 * started), so the other node never saw it: retrying is safe. A connection that drops while a
 * call is in flight reports {@link ConnectionLostException} instead.
 */
public final class NotConnectedException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public NotConnectedException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

  /** Always true: the call was never sent. */
  @Override
  public boolean isSafeToRetry() {
    return true;
  }
}
