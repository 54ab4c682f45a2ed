package io.backchannel.core.internal.wire;

/** The MIME types Backchannel puts on the wire; {@code docs/protocol.md} documents each. */
public final class MimeTypes {
  /** SETUP metadata MIME type: every metadata field is composite. */
  public static final String COMPOSITE = "message/x.rsocket.composite-metadata.v0";
  /** Composite entry: the caller's request id, UTF-8. */
  public static final String REQUEST_ID = "application/x.backchannel.request-id";
  /** Composite entry: the remaining deadline budget in milliseconds, unsigned 64-bit big-endian. */
  public static final String DEADLINE = "application/x.backchannel.deadline";
  /** Composite entry in SETUP and in the hello response: the node's identity, JSON. */
  public static final String HELLO = "application/x.backchannel.hello+json";
  /** The route a dialer calls right after SETUP to learn who it reached. */
  public static final String HELLO_ROUTE = "backchannel.hello";

  private MimeTypes() {}
}
