package io.libipc.spring.reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The child side of the line protocol between a test and the Spring Boot applications it runs in
 * child JVMs ({@link ReplierApplication}, {@link RequesterApplication}): report lines on standard
 * output, commands on standard input, one per line, {@code EXIT} (or the end of input, when the
 * test went away) to close.
 */
final class ChildIo {

    private ChildIo() {
    }

    /**
     * Prints a report line at once.
     *
     * @param line e.g. {@code READY}
     */
    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * Hands each command line to the handler until {@code EXIT} or the end of input.
     *
     * @param handler runs one command; what it throws is reported as {@code FAILED ...}
     */
    static void serve(Consumer<String[]> handler) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                String[] words = line.split(" ");
                try {
                    handler.accept(words);
                } catch (RuntimeException e) {
                    say("FAILED " + words[0] + " " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a child's body, reporting a failure as {@code ERROR ...} with exit status 1.
     *
     * @param body the child's work
     */
    static void main(Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            say("ERROR " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }
}
