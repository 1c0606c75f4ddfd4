/**
 * Conversion between Spring messages and libipc's bytes, and the header names the starter uses.
 */
package io.libipc.spring.support;
