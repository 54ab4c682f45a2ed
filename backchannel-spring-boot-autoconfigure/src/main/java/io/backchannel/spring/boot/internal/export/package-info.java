/** Implementation of the Spring Boot starter: nothing here is stable API. */
@NullMarked
package io.backchannel.spring.boot.internal.export;

import org.jspecify.annotations.NullMarked;
