/**
 * Micrometer meters of libipc channels.
 */
package io.libipc.spring.metrics;
