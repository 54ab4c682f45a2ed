package io.backchannel.transport.shm;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

final class Closeables {
  private Closeables() {}

  static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing a socket that the peer already closed: nothing left to do.
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + closeable, e);
    }
  }
}
