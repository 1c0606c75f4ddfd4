package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.backend.libipc.support.CppPeer;
import io.libipc.backend.libipc.support.JavaPeer;
import io.libipc.backend.libipc.support.LibipcChannels;
import io.libipc.backend.libipc.support.LibipcHome;
import io.libipc.backend.libipc.support.PeerPattern;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend over a library that exports the Python wrapper's twelve functions and nothing else
 * (our shim linked with {@code src/test/native/wrapper_abi.map}), standing for a library that is
 * not ours, such as the wrapper's own {@code libipc.dll} (Windows itself cannot be tested here):
 * it loads, messages cross to and from C++ whole and in order, and a failure says the library
 * gives no reason instead of failing to look the reason up. Child JVMs: a JVM keeps the first
 * library it loads.
 */
@ExtendWith({LibipcHome.class, LibipcChannels.class, NoLeftoverStorage.class})
@Timeout(120)
class WrapperAbiLibraryTest {

    private static final Duration LINE = Duration.ofSeconds(30);
    private static final String SIZES = "1,64,65,4096,70000";
    private static final int COUNT = 200;

    /** Fails a call on purpose through the library and prints the exception's message. */
    public static final class FailingCall {
        /**
         * Entry point.
         *
         * @param args the channel name
         */
        public static void main(String[] args) {
            IpcOptions options = LibipcChannels.options();
            try (IpcChannel rx = new IpcChannel(ChannelType.CHANNEL, args[0], options, ConnMode.RECEIVER)) {
                // Refused while this process has a handle on the name (cpp-ipc would crash it later).
                IpcChannel.clearChannelStorage(args[0], options);
                System.out.println("CLEARED");
            } catch (IpcException e) {
                System.out.println("FAILED " + e.status() + " " + e.getMessage());
            }
        }
    }

    @Test
    void cppToJavaAndJavaToCppThroughTheWrappersTwelveFunctionsAlone() {
        String toJava = LibipcChannels.uniqueName("abi12-to-java");
        String toCpp = LibipcChannels.uniqueName("abi12-to-cpp");
        String digest = digest();
        try (ChildJvm javaReceiver = start("recv", "channel", toJava, String.valueOf(COUNT), "--sizes", SIZES,
                     "--timeout-ms", "20000");
             CppPeer cppReceiver = CppPeer.start("recv", "channel", toCpp, String.valueOf(COUNT), "--sizes", SIZES,
                     "--timeout-ms", "20000")) {
            JavaPeer.awaitWords(javaReceiver, "READY", LINE);
            cppReceiver.awaitLine("READY", LINE);

            try (CppPeer cppSender = CppPeer.start("send", "channel", toJava, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "1", "--timeout-ms", "5000")) {
                assertThat(cppSender.awaitWords("SENT", LINE)).containsExactly("SENT", String.valueOf(COUNT), digest, "0");
            }
            assertThat(JavaPeer.awaitWords(javaReceiver, "RECEIVED", LINE)).as(javaReceiver.describe())
                    .containsExactly("RECEIVED", String.valueOf(COUNT), digest, "0");

            try (ChildJvm javaSender = start("send", "channel", toCpp, String.valueOf(COUNT), SIZES,
                    "--wait-receivers", "1", "--timeout-ms", "5000")) {
                assertThat(JavaPeer.awaitWords(javaSender, "SENT", LINE)).as(javaSender.describe())
                        .containsExactly("SENT", String.valueOf(COUNT), digest, "0");
                assertThat(javaSender.awaitExit(LINE)).isZero();
            }
            assertThat(cppReceiver.awaitWords("RECEIVED", LINE)).as(cppReceiver.describe())
                    .containsExactly("RECEIVED", String.valueOf(COUNT), digest, "0");
        }
    }

    @Test
    void aFailureSaysTheLibraryGivesNoReason() {
        String name = LibipcChannels.uniqueName("abi12-fail");
        try (ChildJvm child = ChildJvm.start(options(), FailingCall.class, name)) {
            String line = child.awaitLine(l -> l.startsWith("FAILED") || l.startsWith("CLEARED"), LINE);
            assertThat(line).startsWith("FAILED ERROR_INVALID_ARGUMENT")
                    .contains("'" + name + "'", "(no reason: the library has no ipc_shim_last_error)");
        }
    }

    private static ChildJvm start(String... args) {
        return ChildJvm.start(options(), JavaPeer.class, args);
    }

    private static List<String> options() {
        return List.of("-Dlibipc.library=" + LibipcHome.wrapperAbiLibrary());
    }

    private static String digest() {
        PeerPattern.Digest d = new PeerPattern.Digest();
        int[] sizes = PeerPattern.sizes(SIZES);
        for (int k = 0; k < COUNT; k++) {
            d.add(PeerPattern.message(k, sizes[k % sizes.length]));
        }
        return d.hex();
    }
}
