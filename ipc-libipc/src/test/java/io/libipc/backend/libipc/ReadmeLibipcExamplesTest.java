package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.IpcOptions;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.spring.annotation.IpcListener;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's examples of section "Talking to C++ and Python libipc processes", run against real
 * C++ peers: the core API's block (regions {@code libipc-core-*}) and the YAML file
 * {@code readme/libipc-application.yml} in a Spring application. The README's names are used as
 * they are ({@code sensor-data}, {@code commands}: cpp-ipc has no prefix), and cleared after each test.
 */
@ExtendWith({LibipcHome.class, NoLeftoverStorage.class})
@Timeout(120)
class ReadmeLibipcExamplesTest {

    private static final Duration LINE = Duration.ofSeconds(30);
    private static final byte[] CALIBRATE = "calibrate".getBytes(StandardCharsets.UTF_8);

    /** The application of the YAML example. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SensorApp {
        final BlockingQueue<byte[]> readings = new LinkedBlockingQueue<>();

        @IpcListener(channel = "sensor-data")
        void onReading(byte[] reading) {
            readings.add(reading);
        }
    }

    @AfterEach
    void clear() {
        IpcOptions libipc = IpcOptions.builder().backend(IpcBackend.LIBIPC).build();
        IpcChannel.clearChannelStorage("sensor-data", libipc);
        IpcChannel.clearChannelStorage("commands", libipc);
    }

    @Test
    void theCoreApiBlockReadsFromCppAndWritesToCpp() throws Exception {
        try (CppPeer cppSender = CppPeer.start("send", "channel", "sensor-data", "1", "64", "--wait-receivers", "1");
             CppPeer cppReceiver = CppPeer.start("recv", "channel", "commands", "1")) {
            cppReceiver.awaitLine("READY", LINE);
            // README: libipc-core-receive
            IpcOptions libipc = IpcOptions.builder().backend(IpcBackend.LIBIPC).build();
            try (IpcChannel readings = new IpcChannel(ChannelType.CHANNEL, "sensor-data", libipc, ConnMode.RECEIVER);
                 IpcChannel commands = new IpcChannel(ChannelType.CHANNEL, "commands", libipc, ConnMode.SENDER)) {
                byte[] reading = readings.receive(10_000);   // sent by a C++ ipc::channel or a Python IPCChannel
                // README: end
                assertThat(PeerPattern.matches(reading, 0)).as("the C++ peer's message, whole").isTrue();
                // README: libipc-core-send
                commands.waitForReceivers(1, 10_000);
                commands.send("calibrate".getBytes(StandardCharsets.UTF_8));
            }
            // README: end
            assertThat(cppSender.awaitWords("SENT", LINE)[1]).isEqualTo("1");
            String[] received = cppReceiver.awaitWords("RECEIVED", LINE);
            assertThat(received[1]).isEqualTo("1");
            assertThat(received[2]).as("the digest of 'calibrate'").isEqualTo(new PeerPattern.Digest().add(CALIBRATE).hex());
        }
    }

    @Test
    void theYamlBlockConnectsAListenerAndTheTemplateToCpp() throws Exception {
        try (CppPeer cppReceiver = CppPeer.start("recv", "channel", "commands", "1");
             ConfigurableApplicationContext context = new SpringApplicationBuilder(SensorApp.class)
                     .web(WebApplicationType.NONE)
                     .properties("spring.main.banner-mode=off", "spring.jmx.enabled=false",
                             "spring.config.location=classpath:readme/libipc-application.yml")
                     .run()) {
            try (CppPeer cppSender = CppPeer.start("send", "channel", "sensor-data", "1", "4096", "--wait-receivers", "1")) {
                byte[] reading = context.getBean(SensorApp.class).readings.poll(LINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(reading).isNotNull();
                assertThat(PeerPattern.matches(reading, 0)).isTrue();
                assertThat(cppSender.awaitWords("SENT", LINE)[1]).isEqualTo("1");
            }
            cppReceiver.awaitLine("READY", LINE);
            IpcTemplate template = context.getBean(IpcTemplate.class);
            assertThat(template.waitForReceivers("commands", 1, LINE)).isTrue();
            template.send("commands", CALIBRATE);
            String[] received = cppReceiver.awaitWords("RECEIVED", LINE);
            assertThat(received[2]).isEqualTo(new PeerPattern.Digest().add(CALIBRATE).hex());
        }
    }
}
