package io.backchannel.core;

import io.backchannel.core.internal.config.PeerSettings;

/** Reads what a {@link PeerBuilder} was told, so that tests check each property's mapping. */
public final class PeerSettingsProbe {
  private PeerSettingsProbe() {}

  public static PeerSettings settings(PeerBuilder builder) {
    return builder.settings();
  }
}
