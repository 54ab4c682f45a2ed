package io.backchannel.core.internal.session;

import io.backchannel.core.internal.config.TrustLimits;
import io.backchannel.core.internal.metrics.PeerMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What a node may announce about itself (tags and services, in SETUP or an update): bounded in
 * count and size, so that re-indexing it under the registry lock stays cheap, and in rate per
 * session, so that no node keeps an I/O thread busy re-indexing.
 */
final class AnnounceBounds {
  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final TrustLimits limits;
  private final PeerMetrics metrics;

  AnnounceBounds(TrustLimits limits, PeerMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
  }

  /** Why {@code tags} and {@code services} exceed the bounds, or null if they do not; counts a refusal. */
  @Nullable String oversize(Map<String, String> tags, List<String> services) {
    String why = null;
    if (tags.size() > limits.maxTags()) {
      why = tags.size() + " tags, more than " + limits.maxTags();
    } else if (services.size() > limits.maxServices()) {
      why = services.size() + " services, more than " + limits.maxServices();
    } else if (tags.entrySet().stream().anyMatch(tag -> tooLong(tag.getKey()) || tooLong(tag.getValue()))
        || services.stream().anyMatch(this::tooLong)) {
      why = "a tag or service name longer than " + limits.maxLabelLength() + " characters";
    }
    if (why != null) {
      metrics.refused("announce_size");
    }
    return why;
  }

  /** Whether one more update of {@code session} fits this minute's budget; counts a refusal. */
  boolean admitsUpdate(Rate rate) {
    if (rate.take(System.nanoTime(), limits.maxAnnouncesPerMinute())) {
      return true;
    }
    metrics.refused("announce_rate");
    return false;
  }

  private boolean tooLong(@Nullable String label) {
    return label == null || label.length() > limits.maxLabelLength();
  }

  /** One session's announcements in the current one-minute window. */
  static final class Rate {
    private long windowStart;
    private int used;
    private boolean started;

    synchronized boolean take(long now, int perWindow) {
      if (!started || now - windowStart >= WINDOW_NANOS) {
        started = true;
        windowStart = now;
        used = 0;
      }
      if (used >= perWindow) {
        return false;
      }
      used++;
      return true;
    }
  }
}
