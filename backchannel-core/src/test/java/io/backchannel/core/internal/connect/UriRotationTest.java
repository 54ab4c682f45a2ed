package io.backchannel.core.internal.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UriRotationTest {
  private static final List<String> CONSOLES = List.of("tcp://c1:7000", "tcp://c2:7000", "tcp://c3:7000");

  @Test
  void itVisitsEveryUriOnceARoundInListOrderWrappingAround() {
    UriRotation rotation = new UriRotation(CONSOLES);
    List<String> visited = new ArrayList<>();
    for (int i = 0; i < 2 * CONSOLES.size(); i++) {
      visited.add(rotation.uri());
      rotation.advance();
    }
    int start = CONSOLES.indexOf(visited.getFirst());
    for (int i = 0; i < visited.size(); i++) {
      assertThat(visited.get(i)).isEqualTo(CONSOLES.get((start + i) % CONSOLES.size()));
    }
  }

  @Test
  void rotationsStartAtRandomSoSidecarsSpreadOverTheConsoles() {
    Set<String> starts = new HashSet<>();
    // 200 rotations all starting at the same one of three URIs: probability 3 * (1/3)^200.
    for (int i = 0; i < 200; i++) {
      starts.add(new UriRotation(CONSOLES).uri());
    }
    assertThat(starts).containsExactlyInAnyOrderElementsOf(CONSOLES);
  }

  @Test
  void aSingleUriHasNoAlternativesAndStaysPut() {
    UriRotation rotation = new UriRotation(List.of("tcp://console:7000"));
    rotation.advance();
    assertThat(rotation.uri()).isEqualTo("tcp://console:7000");
    assertThat(rotation.hasAlternatives()).isFalse();
    assertThat(new UriRotation(CONSOLES).hasAlternatives()).isTrue();
  }

  @Test
  void secretsAreMaskedInWhatItShows() {
    UriRotation rotation = new UriRotation(List.of("tcp://console:7000?token=secret"));
    assertThat(rotation.describe()).doesNotContain("secret");
    assertThat(rotation.shown()).doesNotContain("secret");
  }

  @Test
  void emptyAndMalformedListsAreRefused() {
    assertThatThrownBy(() -> new UriRotation(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UriRotation(List.of("tcp://c1:7000", "tcp://[bad"))).isInstanceOf(IllegalArgumentException.class);
  }
}
