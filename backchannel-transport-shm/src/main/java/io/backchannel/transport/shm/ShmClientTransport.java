package io.backchannel.transport.shm;

import io.rsocket.DuplexConnection;
import io.rsocket.transport.ClientTransport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Dials an shm listener: connects the handshake socket, maps the rings the listener created and
 * starts the connection. Each subscription to {@link #connect()} makes a new connection, on a
 * bounded-elastic thread because the handshake blocks. Thread-safe.
 */
final class ShmClientTransport implements ClientTransport {
  private final ShmOptions options;

  ShmClientTransport(ShmOptions options) {
    this.options = options;
  }

  @Override
  public Mono<DuplexConnection> connect() {
    return Mono.<DuplexConnection>fromCallable(this::dial).subscribeOn(Schedulers.boundedElastic());
  }

  private ShmDuplexConnection dial() throws IOException {
    RingFiles.sweep(options.directory());
    SocketChannel socket =
        SocketChannel.open(options.handshake() instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
    try {
      if (options.tcp()) {
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      socket.connect(options.handshake());
      boolean canFutex = !options.doorbell() && Futex.available().isPresent();
      // Before a byte is sent: the socket path may have been bound by another local user.
      UserPrincipal listenerUser = LocalUsers.checkPeer(socket, options, "listener");
      Handshake.Result result = Handshake.dial(socket, options, canFutex, listenerUser);
      try {
        return new ShmDuplexConnection(true, socket, result, Wakeup.of(result.futex(), socket), options.spinNanos()).start();
      } catch (IOException | RuntimeException e) {
        result.rings().close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      Closeables.closeQuietly(socket);
      throw e;
    }
  }
}
