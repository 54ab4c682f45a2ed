package io.backchannel;

import org.jspecify.annotations.Nullable;

/** The peer refused the connection during setup (for example a bad credential or an unsupported codec). */
public final class PeerRejectedException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public PeerRejectedException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
