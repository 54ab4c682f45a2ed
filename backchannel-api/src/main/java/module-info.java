/** Annotations and exceptions for service interfaces; no dependency beyond JSpecify. */
module io.backchannel.api {
  // Transitive: the exported types carry JSpecify nullness annotations.
  requires transitive org.jspecify;

  exports io.backchannel;
}
