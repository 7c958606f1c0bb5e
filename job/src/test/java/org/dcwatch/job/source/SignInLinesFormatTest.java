package org.dcwatch.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.junit.jupiter.api.Test;

class SignInLinesFormatTest {

    private static List<String> read(byte[] file) throws IOException {
        StreamFormat.Reader<byte[]> reader = new SignInLinesFormat().createReader(new Configuration(), stream(file));
        List<String> lines = new ArrayList<>();
        byte[] line;
        while ((line = reader.read()) != null) lines.add(new String(line, StandardCharsets.UTF_8));
        assertNull(reader.read(), "stays at the end");
        reader.close();
        return lines;
    }

    @Test
    void readsOneMessageALineAndSkipsBlankLines() throws IOException {
        byte[] file = "{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), read(file));
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String longLine = "x".repeat(200_000);
        assertEquals(List.of(longLine, "y"), read((longLine + "\ny\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void passesInvalidUtf8OnUntouchedForTheParserToReport() throws IOException {
        byte[] file = {'{', (byte) 0xE9, '}', '\n'};
        StreamFormat.Reader<byte[]> reader = new SignInLinesFormat().createReader(new Configuration(), stream(file));
        assertArrayEquals(new byte[] {'{', (byte) 0xE9, '}'}, reader.read());
    }

    @Test
    void readsOnlyDataFilesOfADirectory() {
        assertEquals(true, MessageFiles.isDataFile(java.nio.file.Path.of("signins.jsonl.gz")));
        assertEquals(false, MessageFiles.isDataFile(java.nio.file.Path.of("README.md")));
    }

    private static FSDataInputStream stream(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new FSDataInputStream() {
            private long position;

            @Override
            public void seek(long desired) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public int read() {
                int b = in.read();
                if (b >= 0) position++;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = in.read(buffer, offset, length);
                if (n > 0) position += n;
                return n;
            }
        };
    }
}
