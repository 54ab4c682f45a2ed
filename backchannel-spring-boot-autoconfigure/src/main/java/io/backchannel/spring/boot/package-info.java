/**
 * The Spring Boot starter's API: {@link io.backchannel.spring.boot.BackchannelProperties} (the
 * {@code backchannel.*} keys), the annotations that inject remote services as proxies ({@link
 * io.backchannel.spring.boot.EnableBackchannelClients}, {@link
 * io.backchannel.spring.boot.BackchannelClient}) or keep a bean from being exported ({@link
 * io.backchannel.spring.boot.NotExported}), and {@link io.backchannel.spring.boot.PeerBuilderCustomizer}.
 * Everything under {@code internal} may change in any release. See {@code docs/spring-boot.md}.
 */
@NullMarked
package io.backchannel.spring.boot;

import org.jspecify.annotations.NullMarked;
