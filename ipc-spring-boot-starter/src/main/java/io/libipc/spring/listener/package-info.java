/**
 * Listener endpoints, their containers and the registry that starts and stops them with the
 * context; the error-handler contract.
 */
package io.libipc.spring.listener;
