/**
 * The committed public-API listing ({@code <module>/api/<artifactId>.api}) and the check that keeps
 * it in step with the code. Shipped in backchannel-api's test-jar so every library module uses the
 * same generator; it needs nothing beyond the JDK.
 */
@NullMarked
package io.backchannel.apicheck;

import org.jspecify.annotations.NullMarked;
