package io.backchannel.core.internal.transport;

import io.backchannel.core.transport.Admission;
import io.backchannel.core.transport.ListenerLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.function.BiFunction;
import reactor.netty.NettyPipeline;
import reactor.util.context.Context;

/**
 * Puts the {@link AdmissionGuard} and a {@link SetupFrameLimit} into each channel a listener
 * accepts, and links the guard to the peer's accept chain. One per listener; thread-safe.
 */
final class ListenerPipeline {
  private final ListenerLimits limits;
  private final ConnectionBudget budget;
  private final BiFunction<AdmissionGuard, Integer, SetupFrameLimit> frameLimit;

  ListenerPipeline(ListenerLimits limits, BiFunction<AdmissionGuard, Integer, SetupFrameLimit> frameLimit) {
    this.limits = limits;
    this.budget = new ConnectionBudget(limits);
    this.frameLimit = frameLimit;
  }

  /** For {@code doOnChannelInit}: the guard goes first, the frame limit right after TLS. */
  void onChannelInit(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    AdmissionGuard guard = new AdmissionGuard(budget, limits);
    pipeline.addFirst(AdmissionGuard.NAME, guard);
    String before = pipeline.get(NettyPipeline.SslHandler) != null ? NettyPipeline.SslHandler : AdmissionGuard.NAME;
    pipeline.addAfter(before, SetupFrameLimit.NAME, frameLimit.apply(guard, limits.maxSetupFrameSize()));
  }

  /** The accept chain's context with the {@link Admission} of {@code channel}. */
  static Context withAdmission(Context context, Channel channel) {
    AdmissionGuard guard = AdmissionGuard.of(channel);
    return guard == null ? context : Admission.addTo(context, guard::admit);
  }

  /** Admits {@code channel} (for a RESUME, which the peer's acceptor does not see). */
  static void admit(Channel channel) {
    AdmissionGuard guard = AdmissionGuard.of(channel);
    if (guard != null) {
      guard.admit();
    }
  }
}
