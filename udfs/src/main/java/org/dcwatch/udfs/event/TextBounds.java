package org.dcwatch.udfs.event;

/**
 * How long a text value of a sign-in may be, and how a longer one is cut.
 *
 * <p>Every text of a record is the client's or the log's to choose, and a sign-in's values travel on into state, alert
 * evidence and output records: one user agent of hundreds of kilobytes, repeated in each revision of an alert, made a document larger
 * than a Kafka producer sends, and the sink failed every checkpoint. The parser therefore cuts each value it keeps to
 * a bound far above anything real, and the cut stays visible in the value itself (the types stay the same): the kept
 * prefix, then {@value #MARKER_START}<i>original length</i>{@value #MARKER_END}, within the bound.
 */
public final class TextBounds {

    /** Real user agents have a few hundred characters; browsers freeze theirs well under one kilobyte. */
    public static final int MAX_USER_AGENT = 2048;

    /** Names (UPNs, display names, applications, places) and identifiers: a few dozen characters in real records. */
    public static final int MAX_TEXT = 512;

    public static final String MARKER_START = "\u2026[truncated, ";
    public static final String MARKER_END = " chars]";

    private TextBounds() {}

    /**
     * The value if it has at most {@code limit} characters, else its prefix and the marker, {@code limit} characters
     * at most in all. Allocates only for a value it cuts.
     */
    public static String bound(String value, int limit) {
        if (value == null || value.length() <= limit) return value;
        String marker = MARKER_START + value.length() + MARKER_END;
        int keep = Math.max(0, limit - marker.length());
        // a surrogate pair stays whole: a lone half would not survive encoding to UTF-8
        if (keep > 0 && Character.isHighSurrogate(value.charAt(keep - 1))) keep--;
        return value.substring(0, keep) + marker;
    }

    /** Whether the value ends as {@link #bound} ends a value it cut (or as text that imitates one). */
    public static boolean isCut(String value) {
        if (value == null || !value.endsWith(MARKER_END)) return false;
        int start = value.lastIndexOf(MARKER_START);
        if (start < 0) return false;
        int digits = start + MARKER_START.length();
        int end = value.length() - MARKER_END.length();
        if (digits == end) return false;
        for (int i = digits; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
