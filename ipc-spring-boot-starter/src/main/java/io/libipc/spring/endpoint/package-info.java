/**
 * The {@code ipc} actuator endpoint: the channels and listeners of a running application, and
 * stopping and starting a listener.
 */
package io.libipc.spring.endpoint;
