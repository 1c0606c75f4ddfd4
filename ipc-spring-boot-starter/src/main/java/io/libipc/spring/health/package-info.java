/**
 * Actuator health of libipc channels.
 */
package io.libipc.spring.health;
