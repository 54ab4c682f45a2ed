/** The starter's implementation: nothing here is stable API. */
@NullMarked
package io.backchannel.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
