package io.backchannel;

import org.jspecify.annotations.Nullable;

/** A value could not be encoded or decoded with the connection's codec, on either side. */
public final class CodecException extends BackchannelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code requestId} and {@code cause} may be null. */
  public CodecException(String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, requestId, cause);
  }

}
