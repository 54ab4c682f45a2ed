package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.ListenerLimits;
import io.backchannel.core.transport.ListenerLimits.Refusal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of every accepted connection, in front of TLS: takes the connection's place
 * in its listener's {@link ConnectionBudget} (or closes it at once), and closes it unless it is
 * {@link #admit admitted} within the setup timeout. One per connection.
 */
final class AdmissionGuard extends ChannelInboundHandlerAdapter {
  static final String NAME = "backchannel.admission";

  private static final int PENDING = 0;
  private static final int ADMITTED = 1;
  private static final int REFUSED = 2;

  private final ConnectionBudget budget;
  private final ListenerLimits limits;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private volatile @Nullable ScheduledFuture<?> timeout;
  private @Nullable InetAddress counted;

  AdmissionGuard(ConnectionBudget budget, ListenerLimits limits) {
    this.budget = budget;
    this.limits = limits;
  }

  /** The guard of {@code channel}, if its listener applies limits. */
  static @Nullable AdmissionGuard of(Channel channel) {
    return channel.pipeline().get(AdmissionGuard.class);
  }

  /** Whether the connection's SETUP was accepted; from then on no limit of this guard applies. */
  boolean isAdmitted() {
    return state.get() == ADMITTED;
  }

  /** Lifts the limits; does nothing once the connection was refused. Any thread. */
  void admit() {
    if (state.compareAndSet(PENDING, ADMITTED)) {
      ScheduledFuture<?> pending = timeout;
      if (pending != null) {
        pending.cancel(false);
      }
    }
  }

  /** Closes a connection not yet admitted and counts why; does nothing once it was admitted. */
  void refuse(Channel channel, Refusal refusal) {
    if (state.compareAndSet(PENDING, REFUSED)) {
      limits.refused().accept(refusal);
      channel.close();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    Channel channel = context.channel();
    InetAddress address = channel.remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    if (address != null) {
      Refusal refusal = budget.acquire(address);
      if (refusal != null) {
        refuse(channel, refusal);
        return;
      }
      counted = address;
    }
    timeout = context.executor().schedule(
        () -> refuse(channel, Refusal.SETUP_TIMEOUT), limits.setupTimeout().toNanos(), TimeUnit.NANOSECONDS);
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    ScheduledFuture<?> pending = timeout;
    if (pending != null) {
      pending.cancel(false);
    }
    InetAddress address = counted;
    if (address != null) {
      counted = null;
      budget.release(address);
    }
    context.fireChannelInactive();
  }
}
