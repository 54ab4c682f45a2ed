package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The peer exports no service or method at the requested route. The request was not processed. */
public final class UnknownRouteException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public UnknownRouteException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

  @Override
  public boolean isSafeToRetry() {
    return true;
  }
}
