package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.call.Deadlines;
import io.backchannel.core.internal.call.InterceptorChain;
import java.time.Duration;
import reactor.core.scheduler.Scheduler;

/**
 * What every proxy of one peer shares.
 *
 * @param scheduler where asynchronous results are delivered, so application continuations never
 *     run on an I/O thread
 */
public record CallerSettings(
    Scheduler scheduler, InterceptorChain interceptors, Duration defaultDeadline, Deadlines deadlines) {}
