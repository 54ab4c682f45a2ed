package io.backchannel.core.observe;

/** Which side of a call this peer was on. */
public enum Direction {
  /** This peer called a remote service. */
  OUTBOUND,
  /** A remote peer called a service this peer exports. */
  INBOUND
}
