package io.backchannel.cli.echo;

import io.backchannel.RemoteService;

/** Returns what it is sent; the console exports it so that {@code bench} has a trivial call to measure. */
@RemoteService("Echo")
public interface EchoService {
  /** {@code payload}, unchanged. */
  byte[] echo(byte[] payload);
}
