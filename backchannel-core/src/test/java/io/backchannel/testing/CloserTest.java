package io.backchannel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
  @Test
  void closesNewestFirstAndTriesEveryOneDespiteFailures() {
    List<String> closed = new ArrayList<>();
    Closer closer = new Closer();
    closer.register(() -> closed.add("first"));
    closer.register(() -> {
      closed.add("second");
      throw new IllegalStateException("second failed");
    });
    closer.register(() -> {
      closed.add("third");
      throw new java.io.IOException("third failed");
    });
    assertThatThrownBy(closer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closing a test resource failed")
        .hasRootCauseMessage("third failed")
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("second failed"));
    assertThat(closed).containsExactly("third", "second", "first");
  }

  @Test
  void closingWhatNeverOpenedDoesNothing() {
    Closer closer = new Closer();
    closer.close();
    closer.close();
  }
}
