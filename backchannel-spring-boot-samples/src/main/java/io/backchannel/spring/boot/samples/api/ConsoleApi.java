package io.backchannel.spring.boot.samples.api;

import io.backchannel.RemoteService;

/** What the console offers; sidecars call it. */
@RemoteService
public interface ConsoleApi {
  String report(String status);
}
