package io.backchannel.core.internal.connect;

import io.backchannel.core.internal.metrics.PeerMetrics;
import io.netty.buffer.ByteBuf;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.resume.InMemoryResumableFramesStore;
import io.rsocket.resume.ResumableFramesStore;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resume store factory of one listener, refusing a SETUP whose resume token a live session
 * already holds. rsocket 1.1.5 saves a resumable session (disposing any older one with the same
 * token) before the acceptor authenticates SETUP, so without this guard anyone who learned a
 * resume token could end its owner's session with a garbage credential. A genuine client never
 * reuses a token in SETUP (it sends RESUME, and a fresh token on a fresh connection), so refusing
 * costs it nothing. The store factory runs before the session is saved, so a refusal here touches
 * no existing session.
 */
final class ResumeTokenGuard implements Function<ByteBuf, ResumableFramesStore> {
  private static final Logger LOG = LoggerFactory.getLogger("io.backchannel.auth");
  /** rsocket's default resume frame store size. */
  private static final int STORE_BYTES = 100_000;

  private final Set<String> live = ConcurrentHashMap.newKeySet();
  private final PeerMetrics metrics;

  ResumeTokenGuard(PeerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public ResumableFramesStore apply(ByteBuf token) {
    String key = token.toString(StandardCharsets.UTF_8);
    if (!live.add(key)) {
      metrics.refused("resume_token_in_use");
      LOG.warn("refused a SETUP that reuses the resume token of a live session");
      throw new RejectedSetupException("resume token already in use");
    }
    InMemoryResumableFramesStore store = new InMemoryResumableFramesStore("server", token, STORE_BYTES);
    store.onClose().doFinally(signal -> live.remove(key)).subscribe(null, error -> {});
    return store;
  }
}
