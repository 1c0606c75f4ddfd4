/**
 * Wires the libipc meters.
 */
package io.libipc.spring.autoconfigure.metrics;
