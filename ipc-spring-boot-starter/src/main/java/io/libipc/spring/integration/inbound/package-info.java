/**
 * Spring Integration inbound components: the channel adapter (a libipc channel as a message
 * source, with the channel's one receiving thread) and the inbound gateway (answers the channel's
 * requests with a flow's replies, subscribed to the adapter's output).
 */
package io.libipc.spring.integration.inbound;
