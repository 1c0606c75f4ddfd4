package io.libipc;

import java.nio.ByteBuffer;

/**
 * Receives one message without allocation: the allocation-free receive path of {@link IpcChannel}.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Called once per message on the receiving thread.
     *
     * @param message a read-only view of the message, from its position to its limit; valid only
     *                during this call (the buffer is reused for the next message)
     */
    void onMessage(ByteBuffer message);
}
