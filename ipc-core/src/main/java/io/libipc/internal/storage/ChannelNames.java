package io.libipc.internal.storage;

import io.libipc.IpcException;
import io.libipc.IpcOptions;
import io.libipc.IpcStatus;

import java.nio.file.Path;

/** Validates channel names and maps them to storage files. */
public final class ChannelNames {

    /** Longest channel name. */
    public static final int MAX_LENGTH = 200;

    private ChannelNames() {
    }

    /**
     * Checks a channel name: 1 to 200 characters of {@code [A-Za-z0-9._-]}, case-sensitive, not
     * starting with {@code .}, never containing {@code ..}. Names become file names, so anything
     * else (a {@code /}, a control character) could escape the storage directory or confuse tools.
     *
     * @param name the name
     * @return the name
     * @throws IpcException with {@link IpcStatus#ERROR_INVALID_ARGUMENT} naming the problem
     */
    public static String validate(String name) {
        if (name == null) {
            throw invalid("channel name must not be null");
        }
        if (name.isEmpty()) {
            throw invalid("channel name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("channel name is longer than " + MAX_LENGTH + " characters: length=" + name.length()
                    + ", name=\"" + printable(name) + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c)) {
                throw invalid("channel name may hold only [A-Za-z0-9._-]; found "
                        + describe(c) + " at index " + i + ": name=\"" + printable(name) + "\"");
            }
        }
        if (name.startsWith(".")) {
            throw invalid("channel name must not start with '.': name=\"" + name + "\"");
        }
        if (name.contains("..")) {
            throw invalid("channel name must not contain '..': name=\"" + name + "\"");
        }
        return name;
    }

    /**
     * The storage file of a channel.
     *
     * @param name a valid channel name
     * @param options the options naming the directory and prefix
     * @return the path
     */
    public static Path storagePath(String name, IpcOptions options) {
        return options.storageDirectory().resolve(options.namePrefix() + validate(name));
    }

    /**
     * Whether a character may appear in a channel name or prefix.
     *
     * @param c the character
     * @return true for {@code [A-Za-z0-9._-]}
     */
    public static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    /**
     * A string safe to put in a message: control characters escaped, long strings cut.
     *
     * @param s the string
     * @return the printable form
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(s.length(), 60);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        if (shown < s.length()) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static IpcException invalid(String message) {
        return new IpcException(IpcStatus.ERROR_INVALID_ARGUMENT, message);
    }
}
