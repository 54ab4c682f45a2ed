package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.InterceptorChain;
import java.time.Duration;
import java.util.concurrent.Executor;
import reactor.core.scheduler.Scheduler;

/**
 * What every connection's dispatcher of one peer shares.
 *
 * @param executor runs handler methods (virtual threads by default)
 * @param scheduler the same workers as a Reactor scheduler, for stream hops
 * @param defaultDeadline applied to inbound calls that carry no deadline
 * @param hello this peer's hello JSON, the response to {@code backchannel.hello}
 * @param maxDeadline the longest budget an inbound or relayed call gets, whatever its caller asks
 */
public record DispatchSettings(
    ServiceRegistry registry,
    Executor executor,
    Scheduler scheduler,
    InboundLimiter limiter,
    InterceptorChain interceptors,
    Duration defaultDeadline,
    java.util.function.Supplier<byte[]> hello,
    Deadlines deadlines,
    Duration maxDeadline) {}
