/**
 * Application events of libipc channels, published on the application context.
 */
package io.libipc.spring.event;
