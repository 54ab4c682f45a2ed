package io.backchannel.benchmarks.stack;

/**
 * A client and an echo server of one RPC stack over one transport, both in this JVM. Thread-safe:
 * benchmarks call it from many threads at once.
 */
public interface Stack extends AutoCloseable {

  /** One request-response; the calling thread waits for the echo. */
  byte[] call(byte[] data);

  /**
   * Starts one request-response and returns at once; {@code done} runs when it ends.
   *
   * @throws UnsupportedOperationException if the stack only has a blocking API ({@link #blocking()})
   */
  void send(byte[] data, Completion done);

  /** Whether calls in flight need a thread each (the synchronous proxy) rather than {@link #send}. */
  boolean blocking();

  /** Requests a stream of {@code items} items of {@code size} bytes; returns how many arrived. */
  long stream(int items, int size);

  /** Sends {@code items} copies of {@code data} on a channel; returns how many echoes arrived. */
  long channel(int items, byte[] data);

  @Override
  void close();
}
