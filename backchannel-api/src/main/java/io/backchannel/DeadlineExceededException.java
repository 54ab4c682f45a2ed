package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The call's deadline passed before it completed; the remote handler, if it started, was cancelled. */
public final class DeadlineExceededException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public DeadlineExceededException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
