/**
 * The {@link io.libipc.spring.annotation.IpcListener} annotation and the bean post-processor that
 * turns annotated methods into listener endpoints.
 */
package io.libipc.spring.annotation;
