package org.dcwatch.job.source;

import static org.dcwatch.job.TestSignIns.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.udfs.parse.DeadLetter;
import org.dcwatch.udfs.parse.DeadLetterReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInFilesTest {

    @TempDir
    Path temp;

    private static String record(String id, long minutes) {
        return EventHubRecord.render(signIn(id, minutes));
    }

    /** What a reader hands on, and the position after each record. */
    private record Read(List<SignInOrDeadLetter> records, List<Long> positions) {}

    private static Read read(Path file, long alreadyHandedOn) throws IOException {
        List<SignInOrDeadLetter> records = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        try (BulkFormat.Reader<SignInOrDeadLetter> reader = new SignInFiles.FileReader(
                new org.apache.flink.core.fs.Path(file.toUri()), JobSettings.defaults(), alreadyHandedOn)) {
            BulkFormat.RecordIterator<SignInOrDeadLetter> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<SignInOrDeadLetter> next;
                while ((next = batch.next()) != null) {
                    records.add(next.getRecord());
                    positions.add(next.getRecordSkipCount());
                }
                batch.releaseBatch();
            }
        }
        return new Read(records, positions);
    }

    private static List<String> describe(List<SignInOrDeadLetter> records) {
        return records.stream()
                .map(record -> record.isSignIn()
                        ? record.signIn().eventTime() + " " + record.signIn().recordIndex()
                        : record.deadLetter().toString())
                .toList();
    }

    @Test
    void readsOneMessageALineAndStampsDeadLettersWithTheirFileAndLine() throws IOException {
        Path file = temp.resolve("day.jsonl");
        Files.writeString(
                file,
                record("a", 0) + "\r\n\n   \n" + "{\"records\":[" + record("b", 1) + "," + record("c", 2) + "]}\n"
                        + "{broken\n" + record("d", 3));
        List<SignInOrDeadLetter> records = read(file, 0).records();

        assertEquals(5, records.size());
        assertEquals(4, records.stream().filter(SignInOrDeadLetter::isSignIn).count());
        SignInOrDeadLetter broken = records.get(3);
        assertEquals(DeadLetterReason.MALFORMED_JSON, broken.deadLetter().reason());
        assertEquals(file.toAbsolutePath() + ":5", broken.deadLetter().origin(), "file:line, as validate says it");
    }

    @Test
    void readsAPrettyPrintedFileAsOneMessage() throws IOException {
        Path file = temp.resolve("query-result.json");
        Files.writeString(file, "{\n  \"records\": [\n" + record("a", 0) + ",\n" + record("b", 1) + "\n  ]\n}\n");
        List<SignInOrDeadLetter> records = read(file, 0).records();
        assertEquals(2, records.size());
        assertTrue(records.stream().allMatch(SignInOrDeadLetter::isSignIn));
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Path file = temp.resolve("day.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((record("a", 0) + "\n" + record("b", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(2, read(file, 0).records().size());
    }

    @Test
    void aRestoredReaderHandsOnExactlyWhatFollowsItsPosition() throws IOException {
        Path file = temp.resolve("day.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 700; i++)
            lines.append(i % 50 == 7 ? "[1]" : record("s" + i, i)).append('\n');
        Files.writeString(file, lines);

        Read whole = read(file, 0);
        assertEquals(700, whole.records().size());
        for (int i = 0; i < whole.positions().size(); i++) {
            assertEquals(i + 1, whole.positions().get(i), "the position after a record is the count handed on");
        }
        Read restored = read(file, 300);
        assertEquals(describe(whole.records().subList(300, 700)), describe(restored.records()));
        assertEquals(whole.positions().subList(300, 700), restored.positions());
    }

    @Test
    void aLineOrAFileOverTheMessageLimitIsOneDeadLetterNeverHeldWhole() throws IOException {
        int limit = 64 * 1024;
        JobSettings settings = new JobSettings(
                null,
                limit,
                JobSettings.DEFAULT_OUT_OF_ORDERNESS,
                JobSettings.DEFAULT_IDLENESS,
                JobSettings.DEFAULT_DUPLICATE_HORIZON);
        String huge = "{\"records\":[" + "{\"a\":1},".repeat(200_000) + "{}]}";
        Path lines = temp.resolve("lines.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(lines))) {
            out.write((record("a", 0) + "\n" + huge + "\n" + record("b", 1) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path whole = temp.resolve("whole.json");
        Files.writeString(whole, "{\n" + huge.substring(1));

        List<SignInOrDeadLetter> fromLines = readAll(lines, settings);
        assertEquals(3, fromLines.size());
        DeadLetter tooLarge = fromLines.get(1).deadLetter();
        assertEquals(DeadLetterReason.TOO_LARGE, tooLarge.reason());
        assertEquals(huge.length(), tooLarge.rawBytes());
        assertTrue(tooLarge.origin().endsWith("lines.jsonl.gz:2"), tooLarge.origin());
        assertTrue(tooLarge.truncated());
        assertTrue(fromLines.get(2).isSignIn(), "the next line is read as ever");

        List<SignInOrDeadLetter> fromWhole = readAll(whole, settings);
        assertEquals(1, fromWhole.size());
        assertEquals(DeadLetterReason.TOO_LARGE, fromWhole.get(0).deadLetter().reason());
        assertEquals(huge.length() + 1, fromWhole.get(0).deadLetter().rawBytes());
    }

    @Test
    void aMessageOfManyBrokenRecordsWritesAHundredDeadLettersAndOneThatCountsTheRest() throws IOException {
        Path file = temp.resolve("many.jsonl");
        Files.writeString(file, "{\"records\":[" + "1,".repeat(100_000) + "1]}\n" + record("a", 0) + "\n");
        List<SignInOrDeadLetter> records = readAll(file, JobSettings.defaults());
        assertEquals(SourceParser.MAX_DEAD_LETTERS_PER_MESSAGE + 2, records.size());
        DeadLetter summary =
                records.get(SourceParser.MAX_DEAD_LETTERS_PER_MESSAGE).deadLetter();
        assertEquals(DeadLetterReason.MORE_DEAD_LETTERS, summary.reason());
        assertTrue(summary.detail().endsWith("{RECORD_NOT_AN_OBJECT=99901}"), summary.detail());
        assertTrue(summary.origin().endsWith("many.jsonl:1"), summary.origin());
        assertTrue(records.get(records.size() - 1).isSignIn());
    }

    private static List<SignInOrDeadLetter> readAll(Path file, JobSettings settings) throws IOException {
        List<SignInOrDeadLetter> records = new ArrayList<>();
        try (SignInFileReader reader =
                new SignInFileReader(new org.apache.flink.core.fs.Path(file.toUri()), settings)) {
            SignInOrDeadLetter next;
            while ((next = reader.next()) != null) records.add(next);
        }
        return records;
    }

    @Test
    void handsOutTheFilesOfADirectoryInNameOrder() {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (String day : List.of("2026-03-03", "2026-03-01", "2026-03-02")) {
            splits.add(new FileSourceSplit(
                    day, new org.apache.flink.core.fs.Path("/exports/signins-" + day + ".jsonl"), 0, 1, 0, 1));
        }
        SignInFiles.InNameOrder assigner = new SignInFiles.InNameOrder(splits);
        FileSourceSplit first = assigner.getNext(null).orElseThrow();
        assertEquals("2026-03-01", first.splitId());
        assigner.addSplits(List.of(first)); // returned after a failure: first again
        List<String> order = new ArrayList<>();
        assigner.getNext(null).ifPresent(split -> order.add(split.splitId()));
        assigner.getNext(null).ifPresent(split -> order.add(split.splitId()));
        assigner.getNext(null).ifPresent(split -> order.add(split.splitId()));
        assertEquals(List.of("2026-03-01", "2026-03-02", "2026-03-03"), order);
        assertTrue(assigner.getNext(null).isEmpty());
    }
}
