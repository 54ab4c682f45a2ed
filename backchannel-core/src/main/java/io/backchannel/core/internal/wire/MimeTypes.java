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
  /** Composite entry: the node a hub should relay the request to, UTF-8. */
  public static final String DESTINATION = "application/x.backchannel.destination";
  /** Composite entry set by a hub on relayed requests: who really called, JSON. */
  public static final String ORIGIN = "application/x.backchannel.origin+json";
  /** Composite entry of METADATA_PUSH frames: a session control message, JSON. */
  public static final String CONTROL = "application/x.backchannel.control+json";
  /** The route a node calls on its hub to list the nodes it may see. */
  public static final String NODES_ROUTE = "backchannel.nodes";
  /** The route a dialer calls right after SETUP to learn who it reached. */
  public static final String HELLO_ROUTE = "backchannel.hello";

  private MimeTypes() {}
}
