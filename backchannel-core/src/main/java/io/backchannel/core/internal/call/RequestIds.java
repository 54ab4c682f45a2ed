package io.backchannel.core.internal.call;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: 16 random hex digits, unique enough to grep both peers' logs for one call. */
public final class RequestIds {
  private static final HexFormat HEX = HexFormat.of();

  private RequestIds() {}

  public static String next() {
    return HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
