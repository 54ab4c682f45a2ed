package io.backchannel.spring.boot.samples.api;

import io.backchannel.RemoteService;

/** What each sidecar offers; the console calls it. */
@RemoteService
public interface Worker {
  String run(String job);
}
