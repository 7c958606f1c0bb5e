package org.dcwatch.job.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Sign-in messages from files: one message per line (JSON lines, Event Hub envelopes one per line, the Elastic
 * integration's {@code .log} fixtures), or the whole file as one message when it holds one pretty-printed JSON value
 * (an {@code az} query result, a saved envelope). Which of the two is decided by the file's first non-blank line: if it
 * is a complete JSON value, the file is JSON lines.
 */
public final class MessageFiles {

    /** In a directory only these are read, so that a README or a checksum file beside the data is not parsed. */
    private static final List<String> DATA_EXTENSIONS = List.of(".json", ".jsonl", ".ndjson", ".log", ".txt");

    private static final JsonFactory JSON = new JsonFactory();

    private MessageFiles() {}

    /** The file itself, or the data files under a directory, in a stable order. */
    public static List<Path> list(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("no such file or directory: " + input);
        }
        try (Stream<Path> files = Files.walk(input)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(MessageFiles::isDataFile)
                    .sorted()
                    .toList();
        }
    }

    public static boolean isDataFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String plain = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return DATA_EXTENSIONS.stream().anyMatch(plain::endsWith);
    }

    /**
     * Whether a file, read from its start, is JSON lines rather than one pretty-printed message (see the class). A
     * first line longer than {@code maxLineBytes} is read past, not held: the file is JSON lines, and that line one
     * message too large.
     */
    static boolean isJsonLines(InputStream in, int maxLineBytes) throws IOException {
        ByteLines lines = new ByteLines(in, maxLineBytes);
        byte[] line = lines.nextNonBlank();
        if (line == null || lines.cutLength() >= 0 || lines.next() == null) {
            return true; // zero or one line: the same either way
        }
        return isCompleteJsonValue(line);
    }

    private static boolean isCompleteJsonValue(byte[] line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() == null) return false;
            parser.skipChildren();
            return true;
        } catch (IOException e) {
            // an unterminated value: the line is the start of a pretty-printed document. Any other error: the line
            // is broken on its own, and JSON lines is the mode in which it becomes one dead letter of its own.
            return !e.getMessage().contains("end-of-input");
        }
    }

    /** The file's content, buffered, and decompressed if its name ends with {@code .gz}. */
    static InputStream decompressed(InputStream file, String fileName) throws IOException {
        InputStream in = new BufferedInputStream(file, 1 << 16);
        return fileName.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
