/**
 * Spring Integration outbound components: the message handler (a libipc channel as a message
 * destination) and the outbound gateway (each message a request, the reply produced into the flow).
 */
package io.libipc.spring.integration.outbound;
