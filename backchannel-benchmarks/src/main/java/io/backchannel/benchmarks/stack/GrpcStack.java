package io.backchannel.benchmarks.stack;

import io.grpc.CallOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The peer baseline: gRPC-java unary over its (shaded) Netty on loopback with a raw byte-array
 * marshaller, no protobuf. {@code direct} runs callbacks on the event loops ({@code
 * directExecutor()} on both sides) instead of gRPC's default cached thread pool.
 */
final class GrpcStack implements Stack {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("bench.Echo/Echo")
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  private final Server server;
  private final ManagedChannel channel;

  GrpcStack(boolean direct) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Echo")
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> response) -> {
          response.onNext(request);
          response.onCompleted();
        }))
        .build();
    NettyServerBuilder serverBuilder = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
        .addService(service);
    if (direct) {
      serverBuilder.directExecutor();
    }
    this.server = serverBuilder.build().start();
    NettyChannelBuilder channelBuilder = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create());
    if (direct) {
      channelBuilder.directExecutor();
    }
    this.channel = channelBuilder.build();
  }

  @Override
  public byte[] call(byte[] data) {
    return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, data);
  }

  @Override
  public void send(byte[] data, Completion done) {
    ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), data, new StreamObserver<>() {
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
  }

  /** Tells gRPC the length up front, so it frames the message without an extra copy. */
  private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
    KnownLengthBytes(byte[] bytes) {
      super(bytes);
    }
  }
}
