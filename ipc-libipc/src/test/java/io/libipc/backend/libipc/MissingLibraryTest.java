package io.libipc.backend.libipc;

import io.libipc.ChannelType;
import io.libipc.ConnMode;
import io.libipc.IpcBackend;
import io.libipc.IpcChannel;
import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.support.ChildJvm;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asking for the libipc backend where its library is missing is a clear {@link IpcException}
 * naming what is missing, where it was looked for and what to set, never an UnsatisfiedLinkError.
 * A library that is not libipc's is refused naming the file. Runs in child JVMs (no cpp-ipc
 * needed): a JVM that loaded the library once keeps it.
 */
class MissingLibraryTest {

    /** Opens a LIBIPC channel and prints what happened. */
    public static final class Opener {
        /**
         * Entry point.
         *
         * @param args unused
         */
        public static void main(String[] args) {
            IpcOptions options = IpcOptions.builder().backend(IpcBackend.LIBIPC).build();
            try (IpcChannel channel = new IpcChannel(ChannelType.CHANNEL, "missing-library", options, ConnMode.RECEIVER)) {
                System.out.println("OPENED " + channel);
            } catch (IpcException e) {
                System.out.println("FAILED " + e.status() + " " + e.getMessage().replace('\n', ' '));
            }
        }
    }

    @Test
    void aLibraryPropertyNamingNoFileIsRefusedNamingTheProperty() {
        String line = run(List.of("-Dlibipc.library=/nonexistent/libipc_c.so"));

        assertThat(line).startsWith("FAILED ERROR_CONNECTION_FAILED")
                .contains("libipc.library", "/nonexistent/libipc_c.so");
    }

    @Test
    void noLibraryOnTheSearchPathIsRefusedSayingWhereItLookedAndWhatToSet() {
        String line = run(List.of("-Djna.library.path=/nonexistent-dir"));

        assertThat(line).startsWith("FAILED ERROR_CONNECTION_FAILED")
                .contains("backend=LIBIPC needs the libipc_c shim library", "ipc_c", "jna.library.path=/nonexistent-dir",
                        "-Dlibipc.library=");
    }

    @Test
    void aLibraryWithoutTheLibipcFunctionsIsRefusedNamingTheFileAndTheAbi() {
        String libm = List.of("/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6")
                .stream().filter(p -> Files.isRegularFile(Path.of(p))).findFirst()
                .orElseThrow(() -> new TestAbortedException("no libm.so.6 found to stand for a foreign library"));
        String line = run(List.of("-Dlibipc.library=" + libm));

        assertThat(line).startsWith("FAILED ERROR_CONNECTION_FAILED")
                .contains(libm, "does not export the libipc C ABI", "ipc_channel_create");
    }

    private static String run(List<String> jvmOptions) {
        try (ChildJvm child = ChildJvm.start(jvmOptions, Opener.class)) {
            return child.awaitLine(l -> l.startsWith("FAILED") || l.startsWith("OPENED"), Duration.ofSeconds(60));
        }
    }
}
