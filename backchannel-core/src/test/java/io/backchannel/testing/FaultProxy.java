package io.backchannel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can fail like a network does: {@link #blackhole()} keeps every
 * connection open but forwards nothing more (a half-open connection), and {@link #cut()} closes
 * every connection at once while still accepting new ones. Threads are virtual.
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean blackhole;

  public FaultProxy(int targetPort) {
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    Thread.ofVirtual().name("fault-proxy-accept").start(this::acceptLoop);
  }

  /** The port clients dial instead of the target's. */
  public int port() {
    return server.getLocalPort();
  }

  /** From now on, bytes in either direction are read and dropped; nothing is closed. */
  public void blackhole() {
    blackhole = true;
  }

  /** Forward again. */
  public void heal() {
    blackhole = false;
  }

  /** Closes every proxied connection now; new ones are still accepted. */
  public void cut() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection drop
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        if (!blackhole) {
          out.write(buffer, 0, read);
          out.flush();
        }
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
