package io.backchannel.cli.echo;

/** The {@link EchoService} implementation: no work beyond the round trip. Thread-safe. */
public final class EchoHandler implements EchoService {
  @Override
  public byte[] echo(byte[] payload) {
    return payload;
  }
}
