package org.dcwatch.job.sink;

/**
 * Text from an alert made safe to print on a terminal, one record a line.
 *
 * <p>A user principal name, a summary or anything else that came from a sign-in is the sender's to choose: a CR or LF
 * in it would start a forged alert line, other control characters (C0, DEL, C1) drive the terminal, Unicode's line and
 * paragraph separators break lines too, and bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069)
 * make a line read otherwise than it is. Each of them is written as a Java-style escape (a backslash, {@code u} and
 * four hex digits); everything else is left as it is.
 */
public final class ConsoleText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ConsoleText() {}

    /** The text with those characters escaped; the same string when it holds none. {@code null} stays null. */
    public static String oneLine(String text) {
        if (text == null) return null;
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) first++;
        if (first == text.length()) return text;
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                escaped.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
