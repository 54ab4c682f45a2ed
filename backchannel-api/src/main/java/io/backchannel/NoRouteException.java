package io.backchannel;

import org.jspecify.annotations.Nullable;

/** No connected node matches the call's target. The request was not sent. */
public final class NoRouteException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public NoRouteException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

  @Override
  public boolean isSafeToRetry() {
    return true;
  }
}
