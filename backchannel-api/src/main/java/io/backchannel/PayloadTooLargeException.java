package io.backchannel;

import org.jspecify.annotations.Nullable;

/** A request or response is larger than the configured maximum payload size. Nothing was sent. */
public final class PayloadTooLargeException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public PayloadTooLargeException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

  @Override
  public boolean isSafeToRetry() {
    return true;
  }
}
