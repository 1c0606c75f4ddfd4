package io.libipc.spring.metrics;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.support.TestChannels;

import java.io.IOException;

/**
 * A child JVM that joins a test channel as a core receiver, prints {@code READY} and then holds
 * its place without reading until its standard input ends (its parent went away) or it is killed.
 */
final class ReceiverProcess {

    private ReceiverProcess() {
    }

    /**
     * Runs the receiver.
     *
     * @param args the channel name
     * @throws IOException when standard input fails
     */
    public static void main(String[] args) throws IOException {
        try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, args[0], TestChannels.options(), ConnMode.RECEIVER)) {
            System.out.println("READY " + channel.name());
            System.out.flush();
            // An orphan must not linger: end when the parent's end of the pipe closes.
            while (System.in.read() != -1) {
                // nothing to do: the parent only ever kills us
            }
        }
    }
}
