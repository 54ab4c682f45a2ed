/** {@code backchannel bench}: measures calls to a running peer's echo service. */
@NullMarked
package io.backchannel.cli.bench;

import org.jspecify.annotations.NullMarked;
