package io.libipc.internal.storage;

/** The two kinds of participant a channel has a slot table for. */
public enum SlotKind {
    /** A sending handle: one slot of a ROUTE, up to {@link SlotDescriptor#MAX_SENDERS} of a CHANNEL. */
    SENDER(1, SlotDescriptor.MAX_SENDERS),
    /** A receiving handle: up to {@link SlotDescriptor#MAX_RECEIVERS}. */
    RECEIVER(2, SlotDescriptor.MAX_RECEIVERS);

    private final int code;
    private final int slots;

    SlotKind(int code, int slots) {
        this.code = code;
        this.slots = slots;
    }

    /** @return the kind's code in an owner id */
    int code() {
        return code;
    }

    /** @return how many slots of this kind a channel has */
    public int slots() {
        return slots;
    }
}
