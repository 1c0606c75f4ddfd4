/**
 * The Spring Integration inbound channel adapter: a libipc channel as a message source.
 */
package io.libipc.spring.integration.inbound;
