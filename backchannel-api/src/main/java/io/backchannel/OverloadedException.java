package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The peer refused the call because it already runs as many calls as it allows. The request was not processed. */
public final class OverloadedException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public OverloadedException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

  @Override
  public boolean isSafeToRetry() {
    return true;
  }
}
