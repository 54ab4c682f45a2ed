package io.backchannel.core.observe;

import org.jspecify.annotations.Nullable;

/**
 * What the observation context of a call shows on either side ({@link BackchannelSenderContext},
 * {@link BackchannelReceiverContext}), for the client and server observation conventions to read.
 */
public sealed interface BackchannelCallContext permits BackchannelSenderContext, BackchannelReceiverContext {

  /** The call as it started: route, remote node, request id, deadline, metadata. */
  CallStart call();

  /**
   * The role of the node at the other end as this peer knows it from its connection, or
   * {@code "unknown"} for a node reached, or calling, through a hub.
   */
  String remoteRole();

  /** Why the call failed, once it did (the observation context's error); null while it runs or if it succeeded. */
  @Nullable Throwable getError();

  /** {@code "ok"} while the call runs and if it succeeded, else the simple class name of its failure. */
  default String outcome() {
    Throwable error = getError();
    return error == null ? "ok" : error.getClass().getSimpleName();
  }
}
