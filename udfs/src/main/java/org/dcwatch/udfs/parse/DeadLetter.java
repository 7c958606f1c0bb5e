package org.dcwatch.udfs.parse;

import java.nio.charset.StandardCharsets;

/**
 * Input that did not become a sign-in event, kept with the reason and the raw text so that it can be inspected and
 * replayed.
 *
 * @param reason what kind of problem
 * @param detail the precise problem (the field, the value, the JSON position)
 * @param recordIndex the record's position in its message; -1 when the whole message is at fault
 * @param raw the raw text of the record (or of the message), cut to a bound
 * @param rawBytes the full size of that raw text in bytes, before cutting
 * @param origin where the message came from (a file and line, a topic, partition and offset); null when unknown
 */
public record DeadLetter(
        DeadLetterReason reason, String detail, int recordIndex, String raw, int rawBytes, String origin) {

    public static final int WHOLE_MESSAGE = -1;

    /** How much raw text a dead letter keeps unless configured otherwise. */
    public static final int DEFAULT_RAW_LIMIT = 16 * 1024;

    public boolean truncated() {
        return raw.getBytes(StandardCharsets.UTF_8).length < rawBytes;
    }

    public DeadLetter withOrigin(String newOrigin) {
        return new DeadLetter(reason, detail, recordIndex, raw, rawBytes, newOrigin);
    }

    /** Cuts {@code bytes[offset, offset+length)} to at most {@code limit} bytes without splitting a UTF-8 sequence. */
    public static String boundedText(byte[] bytes, int offset, int length, int limit) {
        int end = offset + Math.min(length, limit);
        if (length > limit) {
            // step back over continuation bytes (10xxxxxx) so the cut falls between characters
            while (end > offset && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }
}
