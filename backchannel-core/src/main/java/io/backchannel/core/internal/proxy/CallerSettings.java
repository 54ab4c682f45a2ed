package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.InterceptorChain;
import java.time.Duration;
import java.util.concurrent.Executor;
import reactor.core.scheduler.Scheduler;

/**
 * What every proxy of one peer shares.
 *
 * @param scheduler where asynchronous results are delivered, so application continuations never
 *     run on an I/O thread
 * @param callbacks the same workers, for callbacks chained on a proxy's futures
 */
public record CallerSettings(
    Scheduler scheduler,
    Executor callbacks, InterceptorChain interceptors, Duration defaultDeadline, Deadlines deadlines) {}
