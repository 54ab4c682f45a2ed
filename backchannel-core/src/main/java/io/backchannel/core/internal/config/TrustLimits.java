package io.backchannel.core.internal.config;

import java.time.Duration;

/**
 * What a listening peer grants a node after admitting it: how often its credential is checked
 * again, and how much and how often it may announce.
 *
 * @param credentialRecheck how often the authenticator re-runs on each session's SETUP credential,
 *     so that a revoked credential ends its session
 * @param maxTags most tags one announcement may carry
 * @param maxServices most services one announcement may carry
 * @param maxLabelLength longest tag key, tag value or service name, in characters
 * @param maxAnnouncesPerMinute most announcements one session may make per minute
 */
public record TrustLimits(
    Duration credentialRecheck, int maxTags, int maxServices, int maxLabelLength, int maxAnnouncesPerMinute) {
  /** 1 min recheck, 32 tags, 64 services, 256 characters, 30 announcements per minute. */
  public static final TrustLimits DEFAULTS = new TrustLimits(Duration.ofMinutes(1), 32, 64, 256, 30);
}
