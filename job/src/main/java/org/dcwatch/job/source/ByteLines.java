package org.dcwatch.job.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as raw bytes, without their line break ({@code \n} or {@code \r\n}). Decoding is the parser's
 * job, so that a line of invalid UTF-8 reaches it and becomes a dead letter rather than a string of replacement
 * characters. Used by the Flink file source ({@link SignInLinesFormat}) and by {@code validate} ({@link MessageFiles}).
 */
final class ByteLines {

    private static final int BUFFER_BYTES = 1 << 16;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
    private int position;
    private int limit;
    private long lineNumber;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line, blank or not, or null at the end of the stream. */
    byte[] next() throws IOException {
        line.reset();
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!sawAny) return null;
                    break;
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') position++;
            line.write(buffer, start, position - start);
            if (position < limit) {
                position++; // the line break
                break;
            }
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        return length > 0 && bytes[length - 1] == '\r' ? Arrays.copyOf(bytes, length - 1) : bytes;
    }

    /** The next line that is not blank, or null at the end of the stream. */
    byte[] nextNonBlank() throws IOException {
        byte[] next;
        while ((next = next()) != null && isBlank(next)) {
            // skip it
        }
        return next;
    }

    /** The number of the line {@link #next} returned last, from 1. */
    long lineNumber() {
        return lineNumber;
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }
}
