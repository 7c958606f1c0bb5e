package org.dcwatch.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLinesTest {

    @Test
    void splitsAtLineBreaksWithoutTheBreaks() throws IOException {
        assertEquals(List.of("a", "", "bc", "d"), lines("a\n\nbc\r\nd", Integer.MAX_VALUE));
        assertEquals(List.of("a"), lines("a\n", Integer.MAX_VALUE));
        assertEquals(List.of(), lines("", Integer.MAX_VALUE));
    }

    @Test
    void joinsALineThatArrivesInPieces() throws IOException {
        String text = "x".repeat(37) + "\n" + "y".repeat(100) + "\r\n\nz";
        for (int chunk : new int[] {1, 3, 8, 9, 38, 39}) {
            assertEquals(List.of("x".repeat(37), "y".repeat(100), "", "z"), lines(text, chunk), "chunks of " + chunk);
        }
    }

    /** The scan tests 32 and 8 bytes at a time: a break at every offset of those steps, and bytes near '\n' around it. */
    @Test
    void findsEveryLineBreakWhereverItFalls() throws IOException {
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int length = 0; length < 100; length++) {
            String line = "\u000b\t\u000e".repeat(length / 3 + 1).substring(0, length); // neighbours of '\n' (0x0a)
            expected.add(line);
            text.append(line).append('\n');
        }
        for (int chunk : new int[] {Integer.MAX_VALUE, 5, 31, 33}) {
            assertEquals(expected, lines(text.toString(), chunk), "chunks of " + chunk);
        }
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String longLine = "{\"records\":[" + "7,".repeat(700_000) + "7]}";
        assertEquals(List.of(longLine, "next"), lines(longLine + "\nnext\n", Integer.MAX_VALUE));
    }

    @Test
    void countsLinesAndSkipsBlankOnes() throws IOException {
        byte[] text = "\n \t\nfirst\n\nsecond".getBytes(StandardCharsets.UTF_8);
        ByteLines lines = new ByteLines(new ByteArrayInputStream(text), Integer.MAX_VALUE);
        assertEquals("first", new String(lines.nextNonBlank(), StandardCharsets.UTF_8));
        assertEquals(3, lines.lineNumber());
        assertEquals("second", new String(lines.nextNonBlank(), StandardCharsets.UTF_8));
        assertEquals(5, lines.lineNumber());
        assertEquals(null, lines.nextNonBlank());
    }

    /** The lines of the text, read from a stream that hands out at most {@code chunk} bytes a read. */
    private static List<String> lines(String text, int chunk) throws IOException {
        InputStream in = chunked(text.getBytes(StandardCharsets.UTF_8), chunk);
        ByteLines lines = new ByteLines(in, Integer.MAX_VALUE);
        List<String> result = new ArrayList<>();
        byte[] line;
        while ((line = lines.next()) != null) result.add(new String(line, StandardCharsets.UTF_8));
        return result;
    }

    @Test
    void cutsALineOverTheBoundWithoutHoldingItAndGoesOnWithTheNext() throws IOException {
        String huge = "{\"records\":[" + "x".repeat(5_000_000) + "]}";
        for (int chunk : new int[] {Integer.MAX_VALUE, 4096}) {
            InputStream in = chunked(("short\n" + huge + "\r\nnext\n").getBytes(StandardCharsets.UTF_8), chunk);
            ByteLines lines = new ByteLines(in, 1_000_000);
            assertEquals("short", new String(lines.next(), StandardCharsets.UTF_8));
            assertEquals(-1, lines.cutLength());
            byte[] cut = lines.next();
            assertEquals(ByteLines.EXCERPT_BYTES, cut.length, "only the excerpt is kept");
            assertEquals(huge.substring(0, ByteLines.EXCERPT_BYTES), new String(cut, StandardCharsets.UTF_8));
            assertEquals(huge.length() + 1, lines.cutLength(), "its length, the carriage return included");
            assertEquals(2, lines.lineNumber());
            assertEquals("next", new String(lines.next(), StandardCharsets.UTF_8));
            assertEquals(-1, lines.cutLength());
        }
    }

    /** The bytes, at most {@code chunk} a read, as a network or a decompressor hands them over. */
    private static InputStream chunked(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
