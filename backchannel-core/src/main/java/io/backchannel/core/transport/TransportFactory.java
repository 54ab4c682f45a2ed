package io.backchannel.core.transport;

import io.rsocket.Closeable;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.ServerTransport;
import java.net.URI;

/**
 * Turns URIs of the schemes it owns into RSocket transports. Found with {@link
 * java.util.ServiceLoader}; implementations must be thread-safe and have a public no-argument
 * constructor. Methods are called on the thread that dials or listens, never on an event loop.
 */
public interface TransportFactory {

  /** Whether this factory owns URIs of {@code scheme} (lower case, e.g. {@code "tcp"}). */
  boolean supports(String scheme);

  /** A transport that dials {@code uri}; throw {@link IllegalArgumentException} for a bad URI. */
  ClientTransport client(URI uri);

  /** A transport that listens on {@code uri}; throw {@link IllegalArgumentException} for a bad URI. */
  ServerTransport<? extends Closeable> server(URI uri);

  /**
   * A transport that listens on {@code uri} and applies {@code limits} to connections until their
   * SETUP is accepted (the peer learns of that through {@link Admission}). The default ignores
   * them: the peer then bounds only the time to the first frame.
   */
  default ServerTransport<? extends Closeable> server(URI uri, ListenerLimits limits) {
    return server(uri);
  }

  /**
   * The URI clients can dial once {@code server}, started from {@code requested}, is bound: for
   * example with an ephemeral port resolved. The default returns {@code requested}.
   */
  default URI boundUri(URI requested, Closeable server) {
    return requested;
  }

  /**
   * The largest frame this transport carries for {@code uri}, or 0 for no limit below RSocket's
   * own. The peer fragments payloads to fit.
   */
  default int maxFrameSize(URI uri) {
    return 0;
  }

  /**
   * How many items of a request-stream or request-channel a receiver asks for ahead over this
   * transport (256 by default: at 64 a stream stalled on every replenishing REQUEST_N even over
   * loopback). A transport with a high round trip (a broker between the peers) asks for more, so
   * that a stream's REQUEST_N frames cross it rarely. A receiver holds at most this many items.
   */
  default int streamPrefetch(URI uri) {
    return DEFAULT_STREAM_PREFETCH;
  }

  /** The prefetch of {@link #streamPrefetch} for a transport that says nothing. */
  int DEFAULT_STREAM_PREFETCH = 256;
}
