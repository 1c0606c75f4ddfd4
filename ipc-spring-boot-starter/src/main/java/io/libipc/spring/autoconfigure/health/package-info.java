/**
 * Wires the libipc health contributor.
 */
package io.libipc.spring.autoconfigure.health;
