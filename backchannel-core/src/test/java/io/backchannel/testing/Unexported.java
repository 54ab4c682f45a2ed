package io.backchannel.testing;

import io.backchannel.RemoteService;

/** A service no test peer exports. */
@RemoteService
public interface Unexported {
  void nothing();
}
