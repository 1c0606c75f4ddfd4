/**
 * The native engine ({@link io.libipc.internal.ring.NativeEngine}): a broadcast ring in a storage
 * file. A connection ({@code RingConnection}) holds a handle's slots
 * ({@code Membership}: claiming, liveness, counting and waiting for
 * receivers) and the writer and reader over the ring ({@code RingWriter}
 * under the channel's {@code WriteLock}, {@code RingReader}).
 *
 * <p>May use: {@code internal.storage} (layout and files), {@code internal.memory},
 * {@code internal.wait}, {@code internal.engine} (the contract it implements).
 */
package io.libipc.internal.ring;
