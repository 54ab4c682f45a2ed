package io.backchannel.spring.boot.internal.peer;

import io.backchannel.spring.boot.BackchannelProperties;
import java.util.List;

/** The consoles {@code backchannel.connect} names: {@code uri}, or the list {@code uris}, never both. */
public final class ConnectUris {
  private ConnectUris() {}

  /**
   * The URIs to keep a link to, in the order given; empty if this node dials nobody.
   *
   * @throws IllegalStateException if both {@code uri} and {@code uris} are set
   */
  public static List<String> of(BackchannelProperties.Connect connect) {
    String uri = connect.getUri();
    List<String> uris = connect.getUris().stream().filter(u -> !u.isBlank()).map(String::strip).toList();
    if (uri != null && !uris.isEmpty()) {
      throw new IllegalStateException("backchannel.connect.uri and backchannel.connect.uris are both set: give one console"
          + " in uri or several in uris");
    }
    return uri != null ? List.of(uri) : uris;
  }
}
