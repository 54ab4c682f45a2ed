/** What Backchannel tells an application about its calls: records of finished calls and listeners. */
@NullMarked
package io.backchannel.core.observe;

import org.jspecify.annotations.NullMarked;
