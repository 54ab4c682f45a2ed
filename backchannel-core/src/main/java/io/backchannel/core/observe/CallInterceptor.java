package io.backchannel.core.observe;

import org.jspecify.annotations.Nullable;

/**
 * Sees every call a peer makes ({@link Direction#OUTBOUND}) or serves ({@link Direction#INBOUND}):
 * its route, remote node, request id, deadline and metadata as it starts, and its outcome as it
 * ends. The call log, slow-call alarms and meters are built-in interceptors; add your own with
 * {@code PeerBuilder.interceptor}.
 *
 * <p>{@link #onStart} runs once per call, before the request is sent (outbound, on the thread that
 * resolves the call's target) or before the handler runs (inbound, on the I/O thread): it must be
 * fast and never block. Interceptors start in the order they were added and end in the reverse
 * order. An interceptor that throws is logged and skipped; the call goes on.
 */
@FunctionalInterface
public interface CallInterceptor {

  /**
   * A call is starting. Read or, for an outbound call, add {@code call.metadata()} entries here.
   *
   * @return what to tell when this call ends (exactly once), or {@code null} if nothing
   */
  @Nullable CallObserver onStart(CallStart call);
}
