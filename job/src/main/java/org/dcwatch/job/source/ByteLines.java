package org.dcwatch.job.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lines of a stream as raw bytes, without their line break ({@code \n} or {@code \r\n}). Decoding is the parser's
 * job, so that a line of invalid UTF-8 reaches it and becomes a dead letter rather than a string of replacement
 * characters. Used by the file reader of {@code run} and {@code validate} ({@link SignInFileReader}).
 *
 * <p>A line longer than the bound is never assembled: its first {@value #EXCERPT_BYTES} bytes are kept, the rest is
 * read past to the next line break, and {@link #cutLength()} says how long it was. A gzip of a few megabytes can hold
 * a line of gigabytes; the bound is what keeps it from taking the heap.
 */
final class ByteLines {

    /** Large enough that an Event Hub envelope (tens of KB) is usually whole in it, and copied once. */
    private static final int BUFFER_BYTES = 1 << 20;

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = ONES * '\n';
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** What a cut line keeps: as much as a dead letter shows of its message. */
    static final int EXCERPT_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** Collects a line that spans refills of the buffer. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(8192);

    private final int maxLineBytes;
    private int position;
    private int limit;
    private long lineNumber;
    private long cutLength = -1;

    /** @param maxLineBytes longer lines are cut (see the class comment) */
    ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line, blank or not, or null at the end of the stream. A line over the bound comes back as its first
     * bytes, and {@link #cutLength()} is then its length.
     */
    byte[] next() throws IOException {
        line.reset();
        cutLength = -1;
        long length = 0;
        boolean spansRefills = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!spansRefills) return null;
                    break;
                }
            }
            int start = position;
            position = indexOfNewline(start);
            int piece = position - start;
            if (position < limit && !spansRefills && piece <= maxLineBytes) {
                byte[] whole = Arrays.copyOfRange(buffer, start, position++); // the usual case: one copy
                lineNumber++;
                return withoutCarriageReturn(whole);
            }
            spansRefills = true;
            length += piece;
            if (line.size() < EXCERPT_BYTES || length <= maxLineBytes) {
                // only what a line within the bound, or a cut line's excerpt, needs is kept
                int keep = length <= maxLineBytes ? piece : Math.min(piece, EXCERPT_BYTES - line.size());
                line.write(buffer, start, Math.max(0, keep));
            }
            if (position < limit) {
                position++; // the line break
                break;
            }
        }
        lineNumber++;
        if (length > maxLineBytes) {
            cutLength = length;
            byte[] kept = line.toByteArray();
            return kept.length > EXCERPT_BYTES ? Arrays.copyOf(kept, EXCERPT_BYTES) : kept;
        }
        return withoutCarriageReturn(line.toByteArray());
    }

    /** The length in bytes of the line {@link #next} returned last if it was cut, else -1. */
    long cutLength() {
        return cutLength;
    }

    /**
     * The offset of the next newline from {@code from}, or {@link #limit}: eight bytes a step (SWAR), and over long
     * lines 32 bytes a test: every input byte passes here, so this scan is among the job's hottest loops.
     */
    private int indexOfNewline(int from) {
        int i = from;
        while (i + 32 <= limit
                && (newlineBytes(i) | newlineBytes(i + 8) | newlineBytes(i + 16) | newlineBytes(i + 24)) == 0) {
            i += 32;
        }
        while (i + 8 <= limit) {
            long newlineBytes = newlineBytes(i);
            if (newlineBytes != 0) return i + (Long.numberOfTrailingZeros(newlineBytes) >>> 3);
            i += 8;
        }
        while (i < limit && buffer[i] != '\n') i++;
        return i;
    }

    /**
     * The high bit of each byte of the word at {@code i} that is a newline, exact up to the first one (a borrow may
     * mark bytes after it): zero if and only if there is none.
     */
    private long newlineBytes(int i) {
        long word = (long) WORDS.get(buffer, i) ^ NEWLINES;
        return (word - ONES) & ~word & HIGH_BITS;
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
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
