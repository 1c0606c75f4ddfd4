package io.libipc.internal.engine;

import io.libipc.IpcException;
import io.libipc.IpcStatus;

/**
 * The rule for channel names and storage name prefixes, the same for every engine: names become
 * file names (ours, and libipc's shared-memory objects), so only characters that are safe in every
 * file system and shell are allowed.
 */
public final class ChannelNames {

    /** Longest channel name. */
    public static final int MAX_LENGTH = 200;
    /** Longest storage name prefix. */
    public static final int MAX_PREFIX_LENGTH = 50;

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
            throw Errors.isNull("channel name");
        }
        if (name.isEmpty()) {
            throw Errors.invalid("channel name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw Errors.invalid("channel name is longer than " + MAX_LENGTH + " characters: length=" + name.length()
                    + ", name=\"" + printable(name) + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c)) {
                throw Errors.invalid("channel name may hold only [A-Za-z0-9._-]; found "
                        + describe(c) + " at index " + i + ": name=\"" + printable(name) + "\"");
            }
        }
        if (name.startsWith(".")) {
            throw Errors.invalid("channel name must not start with '.': name=\"" + name + "\"");
        }
        if (name.contains("..")) {
            throw Errors.invalid("channel name must not contain '..': name=\"" + name + "\"");
        }
        return name;
    }

    /**
     * Checks a storage name prefix: the same characters as a name, possibly empty, at most
     * {@value #MAX_PREFIX_LENGTH} characters.
     *
     * @param prefix the prefix
     * @return the prefix
     * @throws IpcException with {@link IpcStatus#ERROR_INVALID_ARGUMENT} naming the problem
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null) {
            throw Errors.isNull("namePrefix");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH || !prefix.chars().allMatch(c -> isNameChar((char) c))
                || prefix.startsWith(".") || prefix.contains("..")) {
            throw Errors.invalid("namePrefix must be at most " + MAX_PREFIX_LENGTH
                    + " characters of [A-Za-z0-9._-], not starting with '.' nor containing '..': namePrefix=\""
                    + printable(prefix) + "\"");
        }
        return prefix;
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

}
