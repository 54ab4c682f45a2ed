package io.backchannel.benchmarks.stack;

import io.grpc.CallOptions;
import io.grpc.Drainable;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The peer baseline: gRPC-java unary over its (shaded) Netty on loopback with a byte-array
 * marshaller, no protobuf, called through the asynchronous stub API ({@link
 * ClientCalls#asyncUnaryCall} with a {@link StreamObserver}, no futures).
 *
 * <p>{@code grpc} is gRPC as users get it: builder defaults (the shared epoll event-loop groups,
 * gRPC's cached thread pool as executor on both sides, auto-tuned flow control with BDP pings).
 * {@code grpc-direct} is set up as gRPC-java's own benchmarks set it up
 * ({@code benchmarks/src/jmh/.../netty/AbstractBenchmark} with {@code UnaryCallQpsBenchmark}'s
 * options): {@code directExecutor()} on both sides, a fixed flow-control window (which turns
 * auto-tuning and its BDP pings off), NIO channels, a dedicated one-thread event-loop group for
 * the client channel, and a boss group of one and a worker group of the default size for the
 * server.
 *
 * <p>Both use the same marshaller, written as gRPC's protobuf marshaller is: the outgoing stream
 * is {@link Drainable} and {@link KnownLength} (gRPC writes it into its frame without an
 * intermediate buffer) and the incoming one is read into an array of its known length.
 *
 * <p>For measuring what each of these choices costs, the system property {@code
 * backchannel.bench.grpc} takes a comma-separated list that undoes one each for {@code
 * grpc-direct} (docs/benchmarks-grpc-baseline.md): {@code default-loops} (gRPC's default
 * event-loop groups), {@code auto-window} (no fixed window: auto flow control), {@code
 * copy-marshaller} (the stream is only {@code KnownLength}, and is parsed with {@code
 * readAllBytes()}).
 */
final class GrpcStack implements Stack {
  private static final Set<String> UNDO = Set.of(System.getProperty("backchannel.bench.grpc", "").split(","));
  /** gRPC-java's benchmarks use the default window (1 MiB) in their qps client and server, 1 MiB − 1 in the JMH ones. */
  private static final int FLOW_CONTROL_WINDOW = NettyChannelBuilder.DEFAULT_FLOW_CONTROL_WINDOW;

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new DrainableBytes(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        if (stream instanceof KnownLength) {
          byte[] bytes = new byte[stream.available()];
          if (stream.readNBytes(bytes, 0, bytes.length) != bytes.length) {
            throw new IOException("the message ended before its known length");
          }
          return bytes;
        }
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** The byte-array marshaller as the suite first had it: a plain copy through gRPC's fallbacks. */
  static final MethodDescriptor.Marshaller<byte[]> COPYING_BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new KnownLengthBytes(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final MethodDescriptor<byte[], byte[]> echo;
  private final Server server;
  private final ManagedChannel channel;
  private final List<EventLoopGroup> groups = new ArrayList<>();

  GrpcStack(boolean direct) throws IOException {
    MethodDescriptor.Marshaller<byte[]> marshaller = direct && UNDO.contains("copy-marshaller") ? COPYING_BYTES : BYTES;
    this.echo = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("bench.Echo/Echo")
        .setRequestMarshaller(marshaller)
        .setResponseMarshaller(marshaller)
        .build();
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Echo")
        .addMethod(echo, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .build();
    NettyServerBuilder serverBuilder = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
        .addService(service);
    NettyChannelBuilder channelBuilder = null;
    try {
      if (direct) {
        serverBuilder.directExecutor();
        if (!UNDO.contains("auto-window")) {
          serverBuilder.flowControlWindow(FLOW_CONTROL_WINDOW);
        }
        if (!UNDO.contains("default-loops")) {
          // As gRPC's AbstractBenchmark: the server's own groups (boss of one, worker of Netty's default size).
          serverBuilder.channelType(NioServerSocketChannel.class)
              .bossEventLoopGroup(group(1, "grpc-bench-boss"))
              .workerEventLoopGroup(group(0, "grpc-bench-server"));
        }
      }
      this.server = serverBuilder.build().start();
      channelBuilder = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create());
      if (direct) {
        channelBuilder.directExecutor();
        if (!UNDO.contains("auto-window")) {
          channelBuilder.flowControlWindow(FLOW_CONTROL_WINDOW);
        }
        if (!UNDO.contains("default-loops")) {
          // As gRPC's AbstractBenchmark: a dedicated event loop for each channel.
          channelBuilder.channelType(NioSocketChannel.class, InetSocketAddress.class)
              .eventLoopGroup(group(1, "grpc-bench-client"));
        }
      }
      this.channel = channelBuilder.build();
    } catch (IOException | RuntimeException e) {
      shutdownGroups();
      throw e;
    }
  }

  private EventLoopGroup group(int threads, String name) {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    groups.add(group);
    return group;
  }

  @Override
  public byte[] call(byte[] data) {
    return ClientCalls.blockingUnaryCall(channel, echo, CallOptions.DEFAULT, data);
  }

  @Override
  public void send(byte[] data, Completion done) {
    ClientCalls.asyncUnaryCall(channel.newCall(echo, CallOptions.DEFAULT), data, new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {}

      @Override
      public void onError(Throwable t) {
        done.done(t);
      }

      @Override
      public void onCompleted() {
        done.done(null);
      }
    });
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public long stream(int items, int size) {
    throw new UnsupportedOperationException("the gRPC baseline is unary only");
  }

  @Override
  public long channel(int items, byte[] data) {
    throw new UnsupportedOperationException("the gRPC baseline is unary only");
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      channel.awaitTermination(10, TimeUnit.SECONDS);
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdownGroups();
  }

  private void shutdownGroups() {
    for (EventLoopGroup group : groups) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Tells gRPC the length up front (it frames the message without growing a buffer) and writes itself into the frame. */
  private static final class DrainableBytes extends ByteArrayInputStream implements KnownLength, Drainable {
    DrainableBytes(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }

  /** Tells gRPC the length up front; gRPC copies it through a buffer of its own. */
  private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
    KnownLengthBytes(byte[] bytes) {
      super(bytes);
    }
  }
}
