package io.backchannel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends a {@code void} method as an RSocket fire-and-forget: the caller returns once the request
 * is written and never learns the outcome. Only valid on methods returning {@code void}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FireAndForget {}
