package io.libipc;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @Test
    void sendAndReceiveInProcess() throws Exception {
        String name = "smoke-" + ProcessHandle.current().pid();
        IpcChannel.clearChannelStorage(name);
        try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, name, ConnMode.RECEIVER);
             IpcChannel tx = new IpcChannel(ChannelType.CHANNEL, name, ConnMode.SENDER)) {
            assertThat(tx.receiverCount()).isEqualTo(1);
            tx.send("hello".getBytes());
            tx.send(new byte[0]);
            byte[] big = new byte[3 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
            Thread t = new Thread(() -> tx.send(big, 5000));
            t.start();
            assertThat(new String(rx.receive(1000))).isEqualTo("hello");
            assertThat(rx.receive(1000)).isEmpty();
            assertThat(rx.receive(5000)).isEqualTo(big);
            t.join();
            assertThat(rx.tryReceive()).isEqualTo(Optional.empty());
            long t0 = System.nanoTime();
            for (int i = 0; i < 200_000; i++) {
                tx.send(new byte[32]);
                rx.receive();
            }
            System.out.println("in-process send+receive ns/op " + (System.nanoTime() - t0) / 200_000);
        } finally {
            IpcChannel.clearChannelStorage(name);
        }
    }
}
