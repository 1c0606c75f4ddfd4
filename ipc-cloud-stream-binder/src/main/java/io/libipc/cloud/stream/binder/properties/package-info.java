/**
 * The libipc binder's configuration: {@code spring.cloud.stream.libipc.bindings.<binding>.consumer.*}
 * and {@code .producer.*} (channel type, capacity, largest message, timeouts, payload format),
 * each value checked with the core's rules while it is bound. Plain holders: no Spring Cloud
 * Stream machinery beyond the extended-properties contract.
 */
package io.libipc.cloud.stream.binder.properties;
