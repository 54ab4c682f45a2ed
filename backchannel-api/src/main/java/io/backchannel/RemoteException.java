package io.backchannel;

import org.jspecify.annotations.Nullable;

/**
 * The remote handler threw. Carries the remote exception's class name and message; the remote
 * stack trace and cause never cross the wire. When the interface method declares a checked
 * exception of that type, the caller receives that exception instead, with this one as its cause.
 */
public final class RemoteException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final @Nullable String remoteMessage;

  /** Creates the exception for a remote {@code remoteType} thrown with {@code remoteMessage}. */
  public RemoteException(String remoteType, @Nullable String remoteMessage, @Nullable String requestId) {
    super(remoteType + (remoteMessage == null ? "" : ": " + remoteMessage), requestId, null);
    this.remoteType = remoteType;
    this.remoteMessage = remoteMessage;
  }

  /** The fully qualified class name of the exception the remote handler threw. */
  public String remoteType() {
    return remoteType;
  }

  /** The remote exception's message, if it had one. */
  public @Nullable String remoteMessage() {
    return remoteMessage;
  }
}
