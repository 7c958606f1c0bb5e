package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dcwatch.job.DemoExpectations;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.kafka.AlertDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time of a file run against what real exports and hostile records look like: a record dated a year ahead
 * before an attack, and a week of daily export files replayed again and again.
 */
class RunEventTimeITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    /** The run's outputs, each line as written. */
    private record Outputs(List<String> alerts, List<String> late, List<String> deadLetters) {}

    private Outputs run(Path input, String name) throws IOException {
        Path out = temp.resolve(name);
        int exit = console.dcwatch(
                "run",
                "--input",
                input.toString(),
                "--alerts",
                out.resolve("alerts.jsonl").toString(),
                "--late",
                out.resolve("late.jsonl").toString(),
                "--dead-letters",
                out.resolve("dead.jsonl").toString(),
                "--quiet");
        assertEquals(ExitCode.OK, exit, console.stderr());
        return new Outputs(
                Files.readAllLines(out.resolve("alerts.jsonl")),
                Files.readAllLines(out.resolve("late.jsonl")),
                Files.readAllLines(out.resolve("dead.jsonl")));
    }

    @Test
    void aSignInDatedAYearAheadBeforeTheAttacksNeitherBlindsTheRulesNorIsLost() throws IOException {
        List<String> demo = new ArrayList<>(Files.readAllLines(DemoExpectations.INPUT));
        int morning = indexOfLineWith(demo, "alice-browser-1");
        Instant yearAhead = Instant.parse("2027-03-02T08:00:00Z");
        // a producer's clock a year ahead: both of the record's times are wrong, only the file's history tells
        String bothTimesAhead =
                EventHubRecord.render(TestSignIns.signIn("clock", 0).copy("clock-a-year-ahead", yearAhead));
        // a forged createdDateTime, a year ahead of the record's own ingestion time
        String createdAhead = EventHubRecord.render(TestSignIns.signIn("created-a-year-ahead", -60))
                .replace("\"createdDateTime\":\"2026-", "\"createdDateTime\":\"2027-");
        // a time written in epoch microseconds: read by its magnitude, a genuine sign-in of the morning
        String micros = EventHubRecord.render(TestSignIns.signIn("epoch-micros", -30))
                .replaceFirst(
                        "\"createdDateTime\":\"[^\"]*\"",
                        "\"createdDateTime\":\"" + TestSignIns.minutes(-30).toEpochMilli() * 1000 + "\"");
        demo.addAll(morning, List.of(bothTimesAhead, createdAhead, micros));
        Path poisoned = temp.resolve("poisoned.jsonl");
        Files.write(poisoned, demo);

        Outputs run = run(poisoned, "poisoned");

        assertEquals(DemoExpectations.ALERTS, AlertDocuments.describe(run.alerts()), "every attack of the demo alerts");
        assertEquals(
                DemoExpectations.LATE,
                run.late().stream().map(line -> field(line, "id")).sorted().toList());
        Map<String, String> deadLetters = new LinkedHashMap<>();
        for (String line : run.deadLetters()) deadLetters.put(field(line, "origin"), field(line, "reason"));
        assertEquals(
                List.of("FUTURE_TIME", "FUTURE_TIME", "MALFORMED_JSON"),
                deadLetters.values().stream().sorted().toList(),
                deadLetters.toString());
        String file = poisoned.toAbsolutePath().toString();
        assertEquals(
                "FUTURE_TIME", deadLetters.get(file + ":" + (morning + 1)), "origin file:line of the clock's record");
        assertEquals("FUTURE_TIME", deadLetters.get(file + ":" + (morning + 2)), "and of the forged one");
    }

    @Test
    void aDirectoryOfDailyExportsReplaysTheSameEveryTimeAndAsOneFileWould() throws IOException {
        Path generated = temp.resolve("signins.jsonl");
        assertEquals(
                ExitCode.OK,
                console.dcwatch(
                        "generate",
                        "--records",
                        "20000",
                        "--users",
                        "200",
                        "--days",
                        "14",
                        "--seed",
                        "7",
                        "--scenarios",
                        "all=2",
                        "--out",
                        generated.toString()),
                console.stderr());
        Path exports = Files.createDirectories(temp.resolve("exports"));
        int files = splitIntoDailyFiles(Files.readAllLines(generated), exports);
        assertTrue(files >= 14, "one file a day of arrival: " + files);

        Outputs asOneFile = run(generated, "one-file");
        List<Outputs> replays = new ArrayList<>();
        for (int i = 0; i < 3; i++) replays.add(run(exports, "replay-" + i));

        // the three rules reach the alert output through one union, so the order in which their alerts are written
        // varies from run to run (for one file too): the documents are compared, not their order
        List<String> firstAlerts = sorted(withoutDetectionTime(replays.get(0).alerts()));
        assertTrue(firstAlerts.size() > 20, "the scenarios alert: " + firstAlerts.size());
        for (Outputs replay : replays.subList(1, replays.size())) {
            assertEquals(firstAlerts, sorted(withoutDetectionTime(replay.alerts())), "byte for byte");
            assertEquals(replays.get(0).late(), replay.late(), "byte for byte, in the same order");
        }
        assertEquals(sorted(withoutDetectionTime(asOneFile.alerts())), firstAlerts, "as one file of the same lines");
        assertEquals(sorted(asOneFile.late()), sorted(replays.get(0).late()));
    }

    /**
     * The lines in arrival order, cut where the day of the latest sign-in so far changes, into
     * {@code signins-YYYY-MM-DD.jsonl}: what a daily export of a hub looks like.
     */
    private static int splitIntoDailyFiles(List<String> lines, Path directory) throws IOException {
        Map<String, List<String>> byDay = new LinkedHashMap<>();
        String day = null;
        for (String line : lines) {
            String latest = latestCreated(line);
            if (day == null || latest.compareTo(day) > 0) day = latest;
            byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(line);
        }
        for (Map.Entry<String, List<String>> file : byDay.entrySet()) {
            Files.write(directory.resolve("signins-" + file.getKey() + ".jsonl"), file.getValue());
        }
        return byDay.size();
    }

    /** The day (yyyy-MM-dd) of the latest createdDateTime in a line. */
    private static String latestCreated(String line) {
        String latest = "";
        int at = 0;
        while ((at = line.indexOf("\"createdDateTime\":\"", at)) >= 0) {
            at += 19;
            String day = line.substring(at, at + 10);
            if (day.compareTo(latest) > 0) latest = day;
        }
        return latest;
    }

    private static List<String> withoutDetectionTime(List<String> alerts) throws IOException {
        List<String> stripped = new ArrayList<>();
        for (String alert : alerts) {
            ObjectNode document = (ObjectNode) MAPPER.readTree(alert);
            document.remove("detectionTime");
            stripped.add(MAPPER.writeValueAsString(document));
        }
        return stripped;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private static String field(String json, String name) {
        try {
            JsonNode node = MAPPER.readTree(json);
            JsonNode value =
                    node.has(name) ? node.get(name) : node.path("properties").path(name);
            return value.asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOfLineWith(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i;
        }
        throw new IllegalArgumentException(text);
    }
}
