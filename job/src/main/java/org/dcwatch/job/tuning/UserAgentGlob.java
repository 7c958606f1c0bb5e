package org.dcwatch.job.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * One user-agent pattern of an allowlist: {@code *} matches any run of characters, every other character stands for
 * itself, and ASCII letters match either case.
 *
 * <p>Matched without regular expressions, in time linear in the user agent: a user agent is the client's to choose
 * and may be hundreds of kilobytes, and a backtracking matcher would stall the suppression operator on it, and every
 * alert behind it. The pattern is split at its stars into literal segments: the first must start the user agent, the
 * last must end it, and each one between is taken at its first occurrence after the one before. The earliest
 * occurrence leaves the most room for the segments after it, so no other choice ever needs trying.
 *
 * <p>It keeps the meaning the patterns had as case-insensitive regular expressions ({@code .*} between quoted
 * literals): only ASCII letters fold, so that no non-ASCII look-alike (the Kelvin sign for "k") matches an ASCII
 * pattern; and a star does not reach across a line break (CR, LF, NEL, U+2028, U+2029), which no client's own user
 * agent holds, so a sign-in whose user agent has one keeps alerting. A pattern itself can hold neither a line break
 * nor an unpaired surrogate: with them, that meaning could not be kept without backtracking.
 */
public final class UserAgentGlob {

    /**
     * Longest pattern, in characters. Every pattern of every allowlist is tried on the user agents of every alert's
     * evidence, at a cost of up to the user agent's length times the pattern's: the bound keeps one record from making
     * that cost quadratic. Real user agents have a few hundred characters, and a pattern only needs their distinctive
     * part.
     */
    public static final int MAX_LENGTH = 256;

    /** Most stars in one pattern: patterns such as {@code *python*requests*} need two or three. */
    public static final int MAX_STARS = 16;

    /** The segments between the stars, ASCII letters in lower case; one more than there are stars. */
    private final String[] segments;

    private UserAgentGlob(String[] segments) {
        this.segments = segments;
    }

    /**
     * The pattern, checked.
     *
     * @throws IllegalArgumentException what is wrong with it, as a tuning record's check reports it
     */
    public static UserAgentGlob compile(String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a pattern has at most " + MAX_LENGTH + " characters, one has " + pattern.length());
        }
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                segments.add(segment.toString());
                segment.setLength(0);
            } else if (isLineBreak(c)) {
                throw new IllegalArgumentException("a pattern cannot hold a line break");
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < pattern.length()
                    && Character.isLowSurrogate(pattern.charAt(i + 1))) {
                segment.append(c).append(pattern.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a pattern cannot hold an unpaired surrogate");
            } else {
                segment.append(lowerAscii(c));
            }
        }
        segments.add(segment.toString());
        if (segments.size() - 1 > MAX_STARS) {
            throw new IllegalArgumentException(
                    "a pattern has at most " + MAX_STARS + " '*', one has " + (segments.size() - 1));
        }
        return new UserAgentGlob(segments.toArray(String[]::new));
    }

    /** Whether the whole user agent matches. */
    public boolean matches(String userAgent) {
        int length = userAgent.length();
        String first = segments[0];
        if (segments.length == 1) return length == first.length() && segmentAt(userAgent, 0, first);
        String last = segments[segments.length - 1];
        int lastStart = length - last.length();
        if (lastStart < first.length() || !segmentAt(userAgent, 0, first) || !segmentAt(userAgent, lastStart, last)) {
            return false;
        }
        int from = first.length();
        for (int i = 1; i < segments.length - 1; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) continue; // "**" is one star
            int at = firstOccurrence(userAgent, segment, from, lastStart - segment.length());
            if (at < 0) return false;
            from = at + segment.length();
        }
        for (int i = from; i < lastStart; i++) {
            if (isLineBreak(userAgent.charAt(i))) return false;
        }
        return true;
    }

    /**
     * The first position from {@code from} up to {@code latest} where the segment occurs with no line break between
     * {@code from} and it (a star stands there), or -1.
     */
    private static int firstOccurrence(String userAgent, String segment, int from, int latest) {
        for (int at = from; at <= latest; at++) {
            if (segmentAt(userAgent, at, segment)) return at;
            if (isLineBreak(userAgent.charAt(at))) return -1;
        }
        return -1;
    }

    /** Whether the segment (lower case) occurs at the position, which leaves room for it. */
    private static boolean segmentAt(String userAgent, int at, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (lowerAscii(userAgent.charAt(at + i)) != segment.charAt(i)) return false;
        }
        return true;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** The characters that end a line for {@code .} of a regular expression without DOTALL. */
    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
