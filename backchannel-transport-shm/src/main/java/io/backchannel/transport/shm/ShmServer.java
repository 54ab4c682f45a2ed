package io.backchannel.transport.shm;

import io.rsocket.Closeable;
import io.rsocket.transport.ServerTransport.ConnectionAcceptor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A listening shm endpoint: accepts handshake sockets on its own thread, runs each handshake on a
 * virtual thread and hands the connection to RSocket. Before any byte is read it refuses a peer of
 * another local user (unless {@code peer=any}) and a connection beyond {@code maxPending}; a
 * connection that has not sent its first frame within {@code pendingTimeout} is closed. {@link #dispose()} stops accepting and
 * closes live connections; {@link #onClose()} completes when all of them are closed. Thread-safe.
 */
final class ShmServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ShmServer.class);

  private final ShmOptions options;
  private final ConnectionAcceptor acceptor;
  private final ServerSocketChannel channel;
  private final SocketAddress address;
  private final Set<ShmDuplexConnection> connections = ConcurrentHashMap.newKeySet();
  private final Sinks.Empty<Void> onClose = Sinks.empty();
  private final PendingConnections pending;
  private volatile boolean disposed;

  private ShmServer(ShmOptions options, ConnectionAcceptor acceptor, ServerSocketChannel channel) throws IOException {
    this.options = options;
    this.pending = new PendingConnections(options.maxPending(), options.pendingTimeout());
    this.acceptor = acceptor;
    this.channel = channel;
    this.address = channel.getLocalAddress();
  }

  static ShmServer bind(ShmOptions options, ConnectionAcceptor acceptor) throws IOException {
    RingFiles.sweep(options.directory());
    ServerSocketChannel channel;
    if (options.handshake() instanceof UnixDomainSocketAddress unix) {
      if (!options.anyPeerUser()) {
        SocketDirectory.requireOwnerOnly(unix.getPath());
      }
      removeStaleSocket(unix);
      channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } else {
      channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
    }
    try {
      channel.bind(options.handshake());
    } catch (IOException e) {
      Closeables.closeQuietly(channel);
      throw e;
    }
    ShmServer server = new ShmServer(options, acceptor, channel);
    Thread.ofPlatform().daemon().name("backchannel-shm-accept-" + server.address).start(server::acceptLoop);
    return server;
  }

  /** Where the server listens: a Unix-domain path, or the bound TCP address with its real port. */
  SocketAddress address() {
    return address;
  }

  int port() {
    return address instanceof InetSocketAddress inet ? inet.getPort() : -1;
  }

  private void acceptLoop() {
    try {
      while (!disposed) {
        SocketChannel socket = channel.accept();
        admit(socket);
      }
    } catch (IOException e) {
      if (!disposed) {
        log.warn("shm server on {} stopped accepting", address, e);
      }
    }
  }

  /** The checks that cost nothing: made on the accept thread, before a thread or file is spent. */
  private void admit(SocketChannel socket) {
    try {
      LocalUsers.checkPeer(socket, options, "dialer");
    } catch (IOException e) {
      Closeables.closeQuietly(socket);
      log.warn("shm server on {} refused a connection: {}", address, e.getMessage());
      return;
    }
    AtomicReference<ShmDuplexConnection> connection = new AtomicReference<>();
    PendingConnections.Slot slot = pending.tryAcquire(() -> {
      log.warn("shm server on {} closed a connection that sent no frame within {}", address, options.pendingTimeout());
      Closeables.closeQuietly(socket);
      ShmDuplexConnection started = connection.get();
      if (started != null) {
        started.dispose();
      }
    });
    if (slot == null) {
      Closeables.closeQuietly(socket);
      log.debug("shm server on {} refused a connection: {} are pending", address, pending.max());
      return;
    }
    Thread.ofVirtual().name("backchannel-shm-handshake").start(() -> handshake(socket, slot, connection));
  }

  private void handshake(SocketChannel socket, PendingConnections.Slot slot, AtomicReference<ShmDuplexConnection> started) {
    try {
      if (options.tcp()) {
        // Doorbells are single bytes: never hold them back for coalescing.
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      Handshake.Result result = Handshake.accept(socket, options, canFutex());
      ShmDuplexConnection connection =
          new ShmDuplexConnection(false, socket, result, Wakeup.of(result.futex(), socket), options.spinNanos(), slot::release);
      started.set(connection);
      connections.add(connection);
      connection.onClose().subscribe(null, null, () -> {
        slot.release();
        connections.remove(connection);
      });
      connection.start();
      if (disposed) {
        connection.dispose();
        return;
      }
      // The acceptor's Mono ends when SETUP is handled, not with the connection: only an error closes it.
      acceptor.apply(connection).subscribe(null, error -> connection.dispose());
    } catch (IOException | RuntimeException e) {
      slot.release();
      Closeables.closeQuietly(socket);
      if (!disposed) {
        log.warn("shm handshake on {} failed: {}", address, e.toString());
      }
    }
  }

  /** Connections accepted that have not sent their first frame yet. */
  int pendingConnections() {
    return pending.pending();
  }

  private boolean canFutex() {
    return !options.doorbell() && Futex.available().isPresent();
  }

  private static void removeStaleSocket(UnixDomainSocketAddress unix) throws IOException {
    Path path = unix.getPath();
    if (!Files.exists(path)) {
      return;
    }
    SocketChannel probe;
    try {
      probe = SocketChannel.open(unix);
    } catch (IOException e) {
      // Nobody accepts on it: a listener died without removing it.
      Files.deleteIfExists(path);
      return;
    }
    Closeables.closeQuietly(probe);
    throw new BindException("shm socket " + path + " is in use by a live listener");
  }

  @Override
  public void dispose() {
    if (disposed) {
      return;
    }
    disposed = true;
    Closeables.closeQuietly(channel);
    if (address instanceof UnixDomainSocketAddress unix) {
      try {
        Files.deleteIfExists(unix.getPath());
      } catch (IOException e) {
        log.warn("cannot remove shm socket {}: {}", unix.getPath(), e.toString());
      }
    }
    Flux.fromIterable(connections)
        .flatMap(connection -> {
          connection.dispose();
          return connection.onClose();
        })
        .then()
        .subscribe(null, error -> onClose.tryEmitEmpty(), onClose::tryEmitEmpty);
  }

  @Override
  public boolean isDisposed() {
    return disposed;
  }

  @Override
  public Mono<Void> onClose() {
    return onClose.asMono();
  }
}
