/**
 * The Spring Cloud Stream binder of type {@code libipc}: {@link io.libipc.cloud.stream.binder.IpcMessageChannelBinder}
 * binds functions' inputs and outputs to libipc channels through the starter's public API (its
 * inbound adapter, outbound handler, channel bindings and message mapper); it has no transport
 * code of its own. Group membership, early checks of a binding's configuration, retries around the
 * starter's adapter and the producer's partition routing live beside it, one job a class.
 */
package io.libipc.cloud.stream.binder;
