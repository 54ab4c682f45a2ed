package io.backchannel;

import org.jspecify.annotations.Nullable;

/**
 * A connection refused during setup: by the peer (for example a bad credential or an unsupported
 * codec), or by this node because the peer it dialed did not prove who it is (a listener verified
 * by its certificate, in backchannel-core).
 */
public final class PeerRejectedException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public PeerRejectedException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
