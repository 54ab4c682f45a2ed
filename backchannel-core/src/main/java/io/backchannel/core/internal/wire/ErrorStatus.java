package io.backchannel.core.internal.wire;

/** Why a call failed, as carried in an error payload's {@code status}. */
public enum ErrorStatus {
  /** The handler threw. */
  REMOTE,
  /** No service or method at the route. */
  UNKNOWN_ROUTE,
  /** The request or response could not be decoded or encoded. */
  CODEC,
  /** The responder runs as many calls as it allows. */
  OVERLOADED,
  /** The responder gave up because the deadline passed. */
  DEADLINE_EXCEEDED,
  /** The response was larger than allowed. */
  PAYLOAD_TOO_LARGE,
  /** A hub knows no node the caller may reach by that id; says nothing of whether it exists. */
  NO_ROUTE,
  /** A hub lost the connection to the destination while relaying. */
  CONNECTION_LOST
}
