/**
 * Micrometer observations around sends and listener invocations, with contexts that carry
 * tracing propagation fields in message headers.
 */
package io.libipc.spring.observation;
