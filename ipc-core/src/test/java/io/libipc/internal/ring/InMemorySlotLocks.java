package io.libipc.internal.ring;

import io.libipc.internal.storage.SlotKind;
import io.libipc.internal.storage.SlotLocks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slot locks for storage without a file: what the ring tests use instead of POSIX locks, so that a
 * test can have a participant "held by another process" or kill one, without processes.
 */
final class InMemorySlotLocks implements SlotLocks {

    private final Map<String, Holder> holders = new ConcurrentHashMap<>();

    @Override
    public synchronized Held tryClaim(SlotKind kind, int slot) {
        if (holder(kind, slot) != Holder.NOBODY) {
            return null;
        }
        holders.put(key(kind, slot), Holder.THIS_PROCESS);
        return () -> holders.remove(key(kind, slot), Holder.THIS_PROCESS);
    }

    @Override
    public synchronized Held takeIfDead(SlotKind kind, int slot) {
        if (holder(kind, slot) != Holder.NOBODY) {
            return null;
        }
        // The prober holds the dead slot's lock while it cleans up: nobody can claim it meanwhile.
        holders.put(key(kind, slot), Holder.OTHER_PROCESS);
        return () -> holders.remove(key(kind, slot));
    }

    @Override
    public Holder holder(SlotKind kind, int slot) {
        return holders.getOrDefault(key(kind, slot), Holder.NOBODY);
    }

    /**
     * Marks a slot as held by a live participant elsewhere.
     *
     * @param kind sender or receiver
     * @param slot the slot
     */
    void holdElsewhere(SlotKind kind, int slot) {
        holders.put(key(kind, slot), Holder.OTHER_PROCESS);
    }

    /**
     * Drops a slot's lock as the kernel does when its holder dies, leaving its shared state as it was.
     *
     * @param kind sender or receiver
     * @param slot the slot
     */
    void kill(SlotKind kind, int slot) {
        holders.remove(key(kind, slot));
    }

    private static String key(SlotKind kind, int slot) {
        return kind + "/" + slot;
    }
}
