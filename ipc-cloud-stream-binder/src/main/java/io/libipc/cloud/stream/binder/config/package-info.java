/**
 * Wiring of the libipc binder: the binder's configuration (read by Spring Cloud Stream into the
 * binder's context, from {@code META-INF/spring.binders}) and the auto-configuration that maps the
 * binder's defaults onto each binding.
 */
package io.libipc.cloud.stream.binder.config;
