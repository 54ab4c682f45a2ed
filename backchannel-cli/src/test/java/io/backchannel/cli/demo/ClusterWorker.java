package io.backchannel.cli.demo;

import io.backchannel.RemoteService;

/** What each sidecar of the cluster demo exports, for consoles to call by node id. */
@RemoteService("Worker")
public interface ClusterWorker {
  /** The sidecar's node id and pid. */
  String status();
}
