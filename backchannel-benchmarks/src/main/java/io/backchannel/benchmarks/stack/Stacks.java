package io.backchannel.benchmarks.stack;

/** Opens a stack by the names the benchmarks' {@code stack} and {@code transport} parameters use. */
public final class Stacks {
  /** Raw rsocket-java, Backchannel's synchronous and future proxies, gRPC-java (default and direct executor). */
  public static final String RAW = "raw";
  public static final String SYNC = "sync";
  public static final String FUTURE = "future";
  /** The future proxy with its callbacks on the I/O thread, by the caller's explicit choice. */
  public static final String FUTURE_DIRECT = "future-direct";
  public static final String GRPC = "grpc";
  public static final String GRPC_DIRECT = "grpc-direct";
  /** Backchannel for streams and channels (the proxy style does not apply to them). */
  public static final String BACKCHANNEL = "backchannel";
  /** Backchannel for streams and channels, items delivered on the I/O thread by the caller's explicit choice. */
  public static final String BACKCHANNEL_DIRECT = "backchannel-direct";

  private Stacks() {}

  /**
   * Starts server and client of {@code stack} over {@code transport} ({@code tcp}, {@code ws},
   * {@code local}, {@code shm} or {@code kafka}; gRPC runs over its own TCP only).
   *
   * @throws IllegalArgumentException for an unknown name or a combination that does not exist
   */
  public static Stack open(String stack, String transport) throws Exception {
    if (stack.startsWith(GRPC)) {
      if (!transport.equals("tcp")) {
        throw new IllegalArgumentException("gRPC runs over tcp only, not " + transport);
      }
      return new GrpcStack(stack.equals(GRPC_DIRECT));
    }
    Endpoint endpoint = Endpoint.open(transport);
    try {
      return switch (stack) {
        case RAW -> new RawRSocketStack(endpoint);
        case SYNC, BACKCHANNEL -> new BackchannelStack(endpoint, false, false);
        case FUTURE -> new BackchannelStack(endpoint, true, false);
        case FUTURE_DIRECT -> new BackchannelStack(endpoint, true, true);
        case BACKCHANNEL_DIRECT -> new BackchannelStack(endpoint, false, true);
        default -> throw new IllegalArgumentException("unknown stack " + stack
            + "; expected raw, sync, future, future-direct, backchannel, backchannel-direct, grpc or grpc-direct");
      };
    } catch (Exception | Error e) {
      endpoint.close();
      throw e;
    }
  }
}
