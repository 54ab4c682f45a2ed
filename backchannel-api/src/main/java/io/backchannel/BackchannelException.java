package io.backchannel;

import org.jspecify.annotations.Nullable;

/**
 * Base of every failure a Backchannel call reports. Each subclass names one cause; {@link
 * #requestId()} ties the failure to the log lines of both peers.
 */
public abstract class BackchannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String requestId;

  protected BackchannelException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /** The id of the failed call, or {@code null} when the failure happened before it had one. */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Whether the peer certainly did not act on the request, so that retrying cannot apply it twice.
   */
  public boolean isSafeToRetry() {
    return false;
  }

  /** The message as given, without the request id that {@link #getMessage()} appends. */
  public String detail() {
    String message = super.getMessage();
    return message == null ? getClass().getSimpleName() : message;
  }

  @Override
  public String getMessage() {
    return requestId == null ? detail() : detail() + " [request " + requestId + "]";
  }
}
