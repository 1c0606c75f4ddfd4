/**
 * The Spring Integration Java DSL factory for libipc adapters: {@link io.libipc.spring.integration.dsl.Ipc}.
 */
package io.libipc.spring.integration.dsl;
