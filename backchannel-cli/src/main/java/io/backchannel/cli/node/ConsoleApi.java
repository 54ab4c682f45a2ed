package io.backchannel.cli.node;

import io.backchannel.RemoteService;

/** What a sidecar calls on the console, over the connection the sidecar dialed. */
@RemoteService("Console")
public interface ConsoleApi {
  /** A sidecar announces itself once it has dialed in. */
  void register(Registration registration);

  /** The job the console assigns to {@code nodeId}. */
  String config(String nodeId);
}
