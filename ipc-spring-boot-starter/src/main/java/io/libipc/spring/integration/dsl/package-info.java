/**
 * The Spring Integration Java DSL factory for libipc components, {@link io.libipc.spring.integration.dsl.Ipc}:
 * channel adapters, and the inbound and outbound gateways of request/reply, with their specs.
 */
package io.libipc.spring.integration.dsl;
