/**
 * The native engine's storage file: its layout, rules and typed field access
 * ({@link io.libipc.internal.storage.StorageDescriptor} for the header,
 * {@link io.libipc.internal.storage.SlotDescriptor} for the participants' slots,
 * {@link io.libipc.internal.storage.RecordDescriptor} for the ring's records), opening, checking,
 * sharing and clearing files ({@link io.libipc.internal.storage.StorageRegistry},
 * {@code StorageFileCheck}), and the slots' liveness locks
 * ({@link io.libipc.internal.storage.SlotLocks}). Nothing outside this package knows an offset.
 *
 * <p>May use: {@code internal.memory}, {@code internal.wait} (to wake sleepers when storage is
 * cleared), {@code internal.engine} (names, errors). Not {@code internal.ring}: the layout does not
 * depend on the code that runs over it.
 */
package io.libipc.internal.storage;
