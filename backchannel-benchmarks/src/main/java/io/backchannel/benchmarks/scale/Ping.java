package io.backchannel.benchmarks.scale;

import io.backchannel.RemoteService;

/** What the console calls on a session to time routing by node id; the dialer answers with nothing. */
@RemoteService("Ping")
public interface Ping {
  void ping();
}
