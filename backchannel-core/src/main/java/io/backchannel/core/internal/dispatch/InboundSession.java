package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.wire.Control;
import io.backchannel.core.internal.wire.Origin;
import org.jspecify.annotations.Nullable;
import io.netty.buffer.ByteBuf;
import io.rsocket.RSocketErrorException;

/** What a connection's dispatcher needs from the session it serves. Called on I/O threads: fast, no blocking. */
public interface InboundSession {

  /** The node at the other end, as authenticated. */
  String remoteNodeId();

  /** The tenant of the node at the other end, as authenticated: whose share its calls take. */
  String remoteTenant();

  /** The other end as the origin of calls this peer relays for it. */
  Origin asOrigin();

  /**
   * Who a call relayed here was made by: the origin a fellow console ({@link #isConsole}) vouches
   * for, else the other end itself. Any other node's origin entry is its claim and is ignored.
   */
  Origin originOf(@Nullable Origin claimed);

  /**
   * Whether the other end is a fellow console of this console's cluster, as authenticated: it
   * relays for many callers and tenants, so their shares count, not the connection's.
   */
  boolean isConsole();

  /** Whether this peer dialed the connection, so the other end is its hub and origin entries are trusted. */
  boolean isHubConnection();

  /**
   * Whether the other end dialed this peer and its {@link io.backchannel.core.auth.Authenticator}
   * admitted it: only then is its identity proven, so only then does this peer relay for it.
   */
  boolean isAuthenticated();

  /** Channel items to ask the caller for ahead over this connection's transport. */
  int streamPrefetch();

  /** This peer's node id: a destination naming it is served here, not relayed. */
  String ownNodeId();

  /** Whether this peer serves a call its hub relayed for {@code origin} (the tenant rule). */
  boolean admits(Origin origin);

  /** Handles a control message the other end pushed. */
  void onControl(Control control);

  /**
   * The connection of {@code destination}, for relaying a call the other end sent for {@code origin}.
   *
   * @throws RSocketErrorException with status NO_ROUTE, identical whether the node is unknown or
   *     not visible to the caller
   */
  RelayDestination relayTarget(String destination, Origin origin);

  /** Relayed bytes queued for the other end: responses this peer relays back to it. */
  RelayBuffer relayBuffer();

  /** The nodes the other end may see, as a JSON array, for a selector given as JSON (may be empty). */
  byte[] visibleNodes(ByteBuf selectorJson);
}
