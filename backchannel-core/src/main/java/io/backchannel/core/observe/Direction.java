package io.backchannel.core.observe;

/** Which side of a call this peer was on. */
public enum Direction {
  /** This peer called a remote service. */
  OUTBOUND,
  /** A remote peer called a service this peer exports. */
  INBOUND,
  /**
   * This peer, a hub, relayed a call from the remote node to another node. Its route is the
   * caller's, not checked against any export here: do not tag metrics with it.
   */
  RELAYED
}
