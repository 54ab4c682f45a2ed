package io.backchannel.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rsocket.frame.FrameLengthCodec;
import io.rsocket.frame.SetupFrameCodec;
import io.rsocket.util.DefaultPayload;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * A node on a plain socket that authenticates with a real token in a hand-written SETUP frame and
 * then reads nothing until told to: the receiving half of a relay flood.
 */
public final class SilentNode implements AutoCloseable {
  private static final int REQUEST_RESPONSE = 0x04;
  private static final int REQUEST_FNF = 0x05;

  private final Socket socket;

  private SilentNode(Socket socket) {
    this.socket = socket;
  }

  /** Connects and sends SETUP (keepalive every minute, five minutes' lifetime: it need not answer). */
  public static SilentNode connect(URI uri, String tenant, String nodeId) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096); // keep what the kernel holds for us small
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
    ByteBuf setup = SetupFrameCodec.encode(ByteBufAllocator.DEFAULT, false, 60_000, 300_000,
        "message/x.rsocket.composite-metadata.v0", "application/cbor",
        DefaultPayload.create(new byte[0], RawNode.setupMetadata(tenant, nodeId)));
    ByteBuf framed = FrameLengthCodec.encode(ByteBufAllocator.DEFAULT, setup.readableBytes(), setup);
    try {
      byte[] bytes = new byte[framed.readableBytes()];
      framed.readBytes(bytes);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    } finally {
      framed.release();
    }
    return new SilentNode(socket);
  }

  /** Starts reading: counts fire-and-forget frames until the first request-response arrives. */
  public int readFireAndForgetUntilRequestResponse() throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int fireAndForget = 0;
    while (true) {
      int length = (read(in) << 16) | (read(in) << 8) | read(in);
      byte[] frame = new byte[length];
      in.readFully(frame);
      int type = (frame[4] & 0xFF) >>> 2;
      if (type == REQUEST_FNF) {
        fireAndForget++;
      } else if (type == REQUEST_RESPONSE) {
        return fireAndForget;
      }
    }
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new IOException("the hub closed the connection");
    }
    return b;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
