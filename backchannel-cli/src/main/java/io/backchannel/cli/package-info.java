/** The {@code backchannel} command line: {@code console}, {@code sidecar} and {@code demo}. */
@NullMarked
package io.backchannel.cli;

import org.jspecify.annotations.NullMarked;
