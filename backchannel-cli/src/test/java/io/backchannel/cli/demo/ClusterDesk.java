package io.backchannel.cli.demo;

import io.backchannel.RemoteService;

/** What each console of the cluster demo offers its sidecars. */
@RemoteService("Desk")
public interface ClusterDesk {
  /** Answers at once, naming the console that answered. */
  String hello(String sidecar);

  /** Answers only when the console shuts down: a call that stays in flight, for the console's kill to cut. */
  String hold(String sidecar);
}
