/**
 * Access to memory shared between processes, each operation naming its memory ordering
 * ({@link io.libipc.internal.memory.SharedMemory}). The one place that touches the bytes.
 *
 * <p>May use: nothing else of this library (JNA, for a buffer's native address, only in
 * {@code NativeAddress}, loaded when a futex call first needs an address).
 */
package io.libipc.internal.memory;
