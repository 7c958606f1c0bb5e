package org.dcwatch.job.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.util.function.SerializableFunction;

/**
 * JSON-lines outputs on the file system. Flink's {@link FileSink} writes a directory of part files and commits them on
 * checkpoints (and at the end of a bounded input), so a crash never leaves half an alert in a committed file. A path
 * that names a file ({@code alerts.jsonl}) is written as part files in {@code alerts.jsonl.parts/} and joined into the
 * one file by {@link #joinParts} once the bounded job has finished.
 */
public final class JsonLinesFiles {

    private JsonLinesFiles() {}

    /** Whether the path names one file (ends in .json or .jsonl) rather than a directory of part files. */
    public static boolean namesAFile(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jsonl") || lower.endsWith(".json") || lower.endsWith(".ndjson");
    }

    /** The directory the part files go to. */
    public static String partsDirectory(String path) {
        return namesAFile(path) ? path + ".parts" : path;
    }

    public static <T> FileSink<T> sink(String path, String prefix, SerializableFunction<T, String> toJson) {
        Encoder<T> encoder = (element, stream) -> writeLine(stream, toJson.apply(element));
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(partsDirectory(path)), encoder)
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(prefix)
                        .withPartSuffix(".jsonl")
                        .build())
                .build();
    }

    private static void writeLine(OutputStream stream, String json) throws IOException {
        stream.write(json.getBytes(StandardCharsets.UTF_8));
        stream.write('\n');
    }

    /**
     * For a path that names a file: joins the committed part files (in name order) into it and removes the parts
     * directory. Returns the lines of the result; for a directory path, the lines of its committed part files.
     */
    public static List<String> joinParts(String path) throws IOException {
        Path parts = Path.of(partsDirectory(path));
        List<Path> files = committedParts(parts);
        if (!namesAFile(path)) {
            return readAll(files);
        }
        Path target = Path.of(path);
        if (target.getParent() != null) Files.createDirectories(target.getParent());
        List<String> lines = readAll(files);
        Files.write(target, lines, StandardCharsets.UTF_8);
        deleteTree(parts);
        return lines;
    }

    private static List<Path> committedParts(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) return List.of();
        try (Stream<Path> files = Files.walk(directory)) {
            // in-progress files start with a dot and are not part of the output
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> readAll(List<Path> files) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (Path file : files) lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        return lines;
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) return;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
