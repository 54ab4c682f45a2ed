/**
 * Internal: the caller side. A JDK dynamic proxy per remote interface turns each method call into
 * an RSocket interaction of the style its signature names. Not API.
 */
@NullMarked
package io.backchannel.core.internal.proxy;

import org.jspecify.annotations.NullMarked;
