/**
 * The Spring Integration outbound handler: a libipc channel as a message destination.
 */
package io.libipc.spring.integration.outbound;
