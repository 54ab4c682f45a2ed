/**
 * The {@code demo} command: a console in this process, sidecars in child JVMs, and a script of
 * steps that narrates what happens between them.
 */
@NullMarked
package io.backchannel.cli.demo;

import org.jspecify.annotations.NullMarked;
