/**
 * Auto-configuration of the {@code ipc} actuator endpoint.
 */
package io.libipc.spring.autoconfigure.endpoint;
