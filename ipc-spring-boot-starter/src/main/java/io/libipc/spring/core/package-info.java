/**
 * Sending with {@link io.libipc.spring.core.IpcTemplate} and the bindings that tie each configured
 * channel to its handle, converter and counts.
 */
package io.libipc.spring.core;
