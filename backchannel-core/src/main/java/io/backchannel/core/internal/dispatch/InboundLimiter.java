package io.backchannel.core.internal.dispatch;

import io.backchannel.core.internal.config.InboundLimits;
import io.backchannel.core.internal.wire.ErrorMapping;
import io.backchannel.core.internal.wire.ErrorStatus;
import io.rsocket.RSocketErrorException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the calls a peer serves (and, as a hub, relays) at once, in shares: the whole peer, each
 * tenant, each connection, and the streams and channels of each connection. Beyond a bound a call
 * is refused as REJECTED/OVERLOADED (safe to retry), never queued, and the refusal is counted by
 * its reason, so that one tenant or one connection cannot take every slot from the others.
 *
 * <p>A tenant's share is fair, not fixed: besides its cap, while {@code n} tenants have calls in
 * flight (n of at least 2), a tenant that already has calls takes another only if it holds fewer
 * than {@code max / n} and the peer still keeps {@code max / (n + 1)} slots free. A tenant with no
 * call in flight takes any free slot. So several tenants flooding together still leave room for
 * one more, and slots that a flood lets go go to the tenants below their share. The figures race
 * benignly: a share may be off by a call or two, never the peer's bound.
 */
public final class InboundLimiter {
  /** Why a call was refused: the {@code reason} tag of {@code backchannel.calls.refused}. */
  public enum Refusal {
    PEER, TENANT, CONNECTION, STREAMS, RELAY_BUFFER;

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Counts refusals (the peer's meters). */
  @FunctionalInterface
  public interface Refusals {
    void refused(Refusal reason);
  }

  private final int max;
  private final InboundLimits limits;
  private final Refusals refusals;
  private final AtomicInteger inFlight = new AtomicInteger();
  // One counter per authenticated tenant seen; tenants are few and come only from credentials.
  private final ConcurrentHashMap<String, AtomicInteger> tenants = new ConcurrentHashMap<>();
  // Tenants with at least one call in flight: changed only on a tenant's 0 <-> 1 transitions.
  private final AtomicInteger activeTenants = new AtomicInteger();

  public InboundLimiter(int max, InboundLimits limits, Refusals refusals) {
    this.max = max;
    this.limits = limits;
    this.refusals = refusals;
  }

  /** The share of one connection, whose tenant is read at each call (a dialed one learns it late). */
  public Quota quota(Supplier<String> tenant) {
    return new Quota(tenant);
  }

  /** Counts a refusal decided elsewhere (a relay's full buffer). */
  void refused(Refusal reason) {
    refusals.refused(reason);
  }

  /** Waits until no call is being served or relayed, at most {@code millis}; true if idle. */
  public synchronized boolean awaitIdle(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (inFlight.get() > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  /** Calls being served or relayed now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int max() {
    return max;
  }

  private void releasePeer() {
    if (inFlight.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Takes one of a tenant's slots if its share allows; else says why (see the class comment). */
  private @Nullable String takeTenantSlot(AtomicInteger tenantCalls) {
    while (true) {
      int held = tenantCalls.get();
      if (held >= limits.callsPerTenant()) {
        return "this tenant already has " + limits.callsPerTenant() + " calls in flight";
      }
      int active = activeTenants.get();
      if (held > 0 && active >= 2 && (held >= max / active || inFlight.get() >= max - max / (active + 1))) {
        return "this tenant has its fair share: " + held + " calls in flight while " + active + " tenants are served";
      }
      if (tenantCalls.compareAndSet(held, held + 1)) {
        if (held == 0) {
          activeTenants.incrementAndGet();
        }
        return null;
      }
    }
  }

  private void releaseTenant(AtomicInteger tenantCalls) {
    if (tenantCalls.decrementAndGet() == 0) {
      activeTenants.decrementAndGet();
    }
  }

  private static boolean tryIncrement(AtomicInteger counter, int bound) {
    while (true) {
      int current = counter.get();
      if (current >= bound) {
        return false;
      }
      if (counter.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** One connection's share. */
  public final class Quota {
    private final Supplier<String> tenant;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();

    private Quota(Supplier<String> tenant) {
      this.tenant = tenant;
    }

    /**
     * Takes a slot for one call, to be freed by {@link Slot#release} once per holder.
     *
     * @param stream whether the call is a request-stream or request-channel
     * @param holders how many parties must let go before the slot is free
     * @throws RSocketErrorException REJECTED with status OVERLOADED, counted, if a bound is reached
     */
    Slot acquire(boolean stream, int holders, @Nullable String requestId) {
      return acquire(tenant.get(), true, stream, holders, requestId);
    }

    /**
     * Takes a slot for a call a fellow console relays for a caller of {@code originTenant}: it counts
     * against that tenant's share and the peer's bound, not this connection's, which carries every
     * tenant's relayed calls from that console.
     */
    Slot acquireRelayed(String originTenant, boolean stream, int holders, @Nullable String requestId) {
      return acquire(originTenant, false, stream, holders, requestId);
    }

    /** @param bounded whether this connection's own bounds apply, or its calls are only counted */
    private Slot acquire(String tenantName, boolean bounded, boolean stream, int holders, @Nullable String requestId) {
      int streamBound = bounded ? limits.streamsPerConnection() : Integer.MAX_VALUE;
      if (stream && !tryIncrement(streams, streamBound)) {
        throw refuse(Refusal.STREAMS, "this connection already has " + limits.streamsPerConnection()
            + " streams and channels open", requestId);
      }
      if (!tryIncrement(calls, bounded ? limits.callsPerConnection() : Integer.MAX_VALUE)) {
        releaseStream(stream);
        throw refuse(Refusal.CONNECTION, "this connection already has " + limits.callsPerConnection()
            + " calls in flight", requestId);
      }
      AtomicInteger tenantCalls = tenants.computeIfAbsent(tenantName, name -> new AtomicInteger());
      String overShare = takeTenantSlot(tenantCalls);
      if (overShare != null) {
        calls.decrementAndGet();
        releaseStream(stream);
        throw refuse(Refusal.TENANT, overShare, requestId);
      }
      if (!tryIncrement(inFlight, max)) {
        releaseTenant(tenantCalls);
        calls.decrementAndGet();
        releaseStream(stream);
        throw refuse(Refusal.PEER, "peer is overloaded: already serving " + max + " calls", requestId);
      }
      return new Slot(this, tenantCalls, stream, holders);
    }

    private InboundLimiter limiter() {
      return InboundLimiter.this;
    }

    /** Calls of this connection in flight now. */
    public int inFlight() {
      return calls.get();
    }

    private void releaseStream(boolean stream) {
      if (stream) {
        streams.decrementAndGet();
      }
    }

    private RSocketErrorException refuse(Refusal reason, String message, @Nullable String requestId) {
      refusals.refused(reason);
      return ErrorMapping.rejected(ErrorStatus.OVERLOADED, message, requestId);
    }
  }

  /**
   * A call's place in every share it counts against, free once its last holder lets go; the
   * count of holders is the object itself, so a call costs one allocation here.
   */
  @SuppressWarnings("serial")
  static final class Slot extends AtomicInteger {
    private final Quota quota;
    private final AtomicInteger tenantCalls;
    private final boolean stream;

    private Slot(Quota quota, AtomicInteger tenantCalls, boolean stream, int holders) {
      super(holders);
      this.quota = quota;
      this.tenantCalls = tenantCalls;
      this.stream = stream;
    }

    /** One holder lets go; the last one frees the slot. Extra calls after that are ignored. */
    void release() {
      if (decrementAndGet() != 0) {
        return;
      }
      quota.releaseStream(stream);
      quota.calls.decrementAndGet();
      quota.limiter().releaseTenant(tenantCalls);
      quota.limiter().releasePeer();
    }
  }
}
