/**
 * The two roles of the demo: a console that listens and a sidecar that dials it and opens no
 * port. The remote interfaces here are what each side calls on the other.
 */
@NullMarked
package io.backchannel.cli.node;

import org.jspecify.annotations.NullMarked;
