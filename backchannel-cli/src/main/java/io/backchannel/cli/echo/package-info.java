/** The echo service the console exports for benchmarks. */
@NullMarked
package io.backchannel.cli.echo;

import org.jspecify.annotations.NullMarked;
