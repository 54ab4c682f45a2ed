package io.backchannel.transport.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS 1.3 (the JDK's {@link SSLEngine}) over a session's records, end to end between dialer and
 * listener: the broker sees handshake messages and ciphertext only, and a record it (or anyone
 * with write access to the topic) forged, replayed, reordered or altered fails TLS's integrity
 * check. Inside the TLS stream each frame is a 4-byte length and the frame; each record value
 * holds whole TLS records. Frames sealed before the handshake completes wait for it. Thread-safe
 * (one lock around the engine); sealed records reach {@code out} in engine order.
 */
final class TlsCodec implements SessionCodec {
  private static final int LENGTH = Integer.BYTES;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final int maxFrameSize;
  private final CompletableFuture<Void> handshake = new CompletableFuture<>();
  private final List<byte[]> held = new ArrayList<>(); // guarded by this
  private ByteBuffer netIn; // guarded by this; write mode
  private ByteBuffer appIn; // guarded by this; write mode
  private ByteBuffer netOut; // guarded by this
  private boolean established; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean peerClosed;

  /** {@code engine} in client or server mode, not yet handshaking. */
  TlsCodec(SSLEngine engine, int maxFrameSize) {
    engine.setEnabledProtocols(new String[] {"TLSv1.3"});
    this.engine = engine;
    this.maxFrameSize = maxFrameSize;
    this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
  }

  /** Completes when the handshake has; fails with the {@code SSLHandshakeException} if it failed. */
  @Override
  public CompletableFuture<Void> ready() {
    return handshake;
  }

  @Override
  public synchronized void begin(Consumer<Sealed> out) {
    try {
      engine.beginHandshake();
      drive(out);
    } catch (SSLException e) {
      handshake.completeExceptionally(e);
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void seal(byte[] frame, Consumer<Sealed> out) {
    if (closed) {
      return;
    }
    if (!established) {
      held.add(frame);
      return;
    }
    try {
      sealFrame(frame, out);
    } catch (SSLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close(Consumer<Sealed> out) {
    if (closed) {
      return;
    }
    closed = true;
    held.clear();
    engine.closeOutbound();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      while (!engine.isOutboundDone()) {
        SSLEngineResult r = wrap(EMPTY, bytes);
        if (r.bytesProduced() == 0) {
          break;
        }
      }
    } catch (SSLException e) {
      // the engine failed before: nothing authenticated can be said any more
    }
    // Without a close_notify (failed engine) the plain marker still tells the peer the session ended.
    out.accept(new Sealed(bytes.size() > 0 ? bytes.toByteArray() : PlainCodec.CLOSE, true));
  }

  @Override
  public synchronized List<byte[]> open(byte[] value, Consumer<Sealed> replies) throws IOException {
    if (peerClosed) {
      return List.of();
    }
    try {
      netIn = ensure(netIn, value.length);
      netIn.put(value);
      List<byte[]> frames = new ArrayList<>();
      boolean progress = true;
      while (progress && !peerClosed) {
        netIn.flip();
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        netIn.compact();
        progress = r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        switch (r.getStatus()) {
          case BUFFER_OVERFLOW -> {
            appIn = ensure(appIn, engine.getSession().getApplicationBufferSize());
            progress = true;
          }
          case BUFFER_UNDERFLOW -> netIn = ensure(netIn, engine.getSession().getPacketBufferSize());
          case CLOSED -> peerClosed = true;
          case OK -> { }
        }
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
          established(replies);
        }
        progress |= drive(replies);
        takeFrames(frames);
      }
      return frames;
    } catch (SSLException e) {
      handshake.completeExceptionally(e);
      throw e;
    }
  }

  @Override
  public boolean peerClosedInBand() {
    return peerClosed;
  }

  @Override
  public boolean trustsControlRecords() {
    return false;
  }

  /** Runs what the handshake needs (tasks, messages to send); true if it did anything. */
  private boolean drive(Consumer<Sealed> out) throws SSLException {
    boolean did = false;
    ByteArrayOutputStream flight = new ByteArrayOutputStream();
    while (true) {
      HandshakeStatus status = engine.getHandshakeStatus();
      if (status == HandshakeStatus.NEED_TASK) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
          task.run();
        }
        did = true;
      } else if (status == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
        SSLEngineResult r = wrap(EMPTY, flight);
        did = true;
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
          // Send what finished the handshake before the frames that waited for it.
          flush(flight, out);
          established(out);
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          break;
        }
      } else {
        break;
      }
    }
    flush(flight, out);
    return did;
  }

  private void established(Consumer<Sealed> out) throws SSLException {
    if (established) {
      return;
    }
    established = true;
    handshake.complete(null);
    for (byte[] frame : held) {
      sealFrame(frame, out);
    }
    held.clear();
  }

  private void sealFrame(byte[] frame, Consumer<Sealed> out) throws SSLException {
    ByteBuffer plain = ByteBuffer.allocate(LENGTH + frame.length).putInt(frame.length).put(frame).flip();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(frame.length + 64);
    while (plain.hasRemaining()) {
      SSLEngineResult r = wrap(plain, bytes);
      if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
        throw new SSLException("the session's TLS engine is closed");
      }
    }
    out.accept(new Sealed(bytes.toByteArray(), false));
  }

  private SSLEngineResult wrap(ByteBuffer src, ByteArrayOutputStream dst) throws SSLException {
    while (true) {
      netOut.clear();
      SSLEngineResult r = engine.wrap(src, netOut);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut = ByteBuffer.allocate(netOut.capacity() * 2);
        continue;
      }
      netOut.flip();
      dst.write(netOut.array(), 0, netOut.limit());
      return r;
    }
  }

  /** Moves every complete frame out of {@link #appIn}. */
  private void takeFrames(List<byte[]> frames) throws ProtocolException {
    appIn.flip();
    while (appIn.remaining() >= LENGTH) {
      int length = appIn.getInt(appIn.position());
      if (length < 0 || length > maxFrameSize) {
        throw new ProtocolException("frame of " + length + " bytes inside TLS; at most " + maxFrameSize);
      }
      if (appIn.remaining() < LENGTH + length) {
        break;
      }
      appIn.position(appIn.position() + LENGTH);
      byte[] frame = new byte[length];
      appIn.get(frame);
      frames.add(frame);
    }
    appIn.compact();
    if (appIn.position() >= LENGTH) {
      // Room for the rest of a partly received frame.
      appIn = ensure(appIn, appIn.getInt(0) + LENGTH - appIn.position());
    }
  }

  private static void flush(ByteArrayOutputStream flight, Consumer<Sealed> out) {
    if (flight.size() > 0) {
      out.accept(new Sealed(flight.toByteArray(), false));
      flight.reset();
    }
  }

  /** {@code buffer} (write mode) with at least {@code free} bytes free. */
  private static ByteBuffer ensure(ByteBuffer buffer, int free) {
    if (buffer.remaining() >= free) {
      return buffer;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + free));
    buffer.flip();
    return bigger.put(buffer);
  }
}
