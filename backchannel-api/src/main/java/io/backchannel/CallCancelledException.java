package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The call was cancelled before it completed: by the caller, its thread's interruption, or the peer. */
public final class CallCancelledException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public CallCancelledException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }
}
