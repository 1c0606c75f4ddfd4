package io.libipc.spring.listener;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcStatus;
import io.libipc.support.TestChannels;

import java.io.IOException;
import java.util.Base64;

/**
 * A child JVM that reads a dead-letter channel with the core API alone (no Spring): it joins as a
 * receiver, prints {@code READY}, then prints each message it receives as {@code DEAD <base64 of
 * its bytes>}, until its standard input ends (its parent went away).
 */
final class DeadLetterReaderProcess {

    private DeadLetterReaderProcess() {
    }

    /**
     * Runs the reader.
     *
     * @param args the channel name
     */
    public static void main(String[] args) {
        Thread parentWatch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing: the parent only ever closes our input
                }
            } catch (IOException e) {
                // gone either way
            }
            System.exit(0);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, args[0], TestChannels.options(), ConnMode.RECEIVER)) {
            System.out.println("READY " + channel.name());
            System.out.flush();
            while (true) {
                try {
                    byte[] message = channel.receive(1000);
                    System.out.println("DEAD " + Base64.getEncoder().encodeToString(message));
                    System.out.flush();
                } catch (IpcException e) {
                    if (e.status() != IpcStatus.ERROR_TIMEOUT) {
                        throw e;
                    }
                }
            }
        }
    }
}
