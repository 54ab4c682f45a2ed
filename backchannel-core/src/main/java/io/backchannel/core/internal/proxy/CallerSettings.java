package io.backchannel.core.internal.proxy;

import io.backchannel.core.internal.call.CallLog;
import io.backchannel.core.internal.call.Deadlines;
import java.time.Duration;
import reactor.core.scheduler.Scheduler;

/**
 * What every proxy of one peer shares.
 *
 * @param scheduler where asynchronous results are delivered, so application continuations never
 *     run on an I/O thread
 * @param deadlines the peer's clock for call deadlines and durations
 */
public record CallerSettings(Scheduler scheduler, CallLog log, Duration defaultDeadline, Deadlines deadlines) {}
