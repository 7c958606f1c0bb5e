package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DcwatchCommandLineTest {

    private static final Path PUBLIC_FIXTURES = Path.of("../testdata/fixtures/public");
    private static final Path SAMPLES = Path.of("../testdata/samples");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    private int dcwatch(String... args) {
        return console.dcwatch(args);
    }

    private String stdout() {
        return console.stdout();
    }

    private String stderr() {
        return console.stderr();
    }

    private JsonNode lastLineAsJson() throws IOException {
        List<String> lines = stdout().lines().toList();
        return MAPPER.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void validatesThePublicFixtures() throws IOException {
        Path deadLetters = temp.resolve("dead-letters.jsonl");
        assertEquals(
                ExitCode.OK,
                dcwatch("validate", "--input", PUBLIC_FIXTURES.toString(), "--dead-letters", deadLetters.toString()));

        JsonNode report = lastLineAsJson();
        assertEquals(17, report.get("messages").asLong(), "README.md is not read");
        assertEquals(6, report.get("records").asLong());
        assertEquals(11, report.get("deadLetters").asLong(), "the time corner cases carry no user");
        assertEquals(6, report.get("byFormat").get("eventhub").asLong());
        assertEquals(3, report.get("byCategory").get("SignInLogs").asLong());
        assertEquals(
                2, report.get("byCategory").get("NonInteractiveUserSignInLogs").asLong());
        assertEquals(
                1, report.get("byCategory").get("ServicePrincipalSignInLogs").asLong());
        assertEquals(0, report.get("deviceCode").asLong());
        assertEquals(11, report.get("deadLettersByReason").get("NO_USER").asLong());

        for (String file : List.of(
                "signinlogs-interactive.json",
                "signinlogs-noninteractive.json",
                "test-non-interactive-user-teams.json",
                "serviceprincipal-quirks.json",
                "test-created-datetime-timestamp.jsonl")) {
            assertTrue(stdout().contains(file + ": "), file);
            assertTrue(
                    stdout().lines().anyMatch(line -> line.contains(file) && line.endsWith(" 0 dead letters")),
                    stdout());
        }

        List<String> written = Files.readAllLines(deadLetters);
        assertEquals(11, written.size());
        JsonNode first = MAPPER.readTree(written.get(0));
        assertEquals("NO_USER", first.get("reason").asText());
        assertTrue(first.get("origin").asText().endsWith("test-time-formats-corner-cases.jsonl:1"), first.toString());
        assertTrue(first.get("detail").asText().endsWith("event time 2007-01-09T09:41:00Z"), first.toString());
        assertEquals(
                "{\"time\": \"01/09/2007 09:41:00\", \"category\": \"SignInLogs\"}",
                first.get("raw").asText());
    }

    @Test
    void validatesEveryFormatOfTheSamples() throws IOException {
        assertEquals(ExitCode.OK, dcwatch("validate", "--input", SAMPLES.toString()));
        JsonNode report = lastLineAsJson();
        assertEquals(4, report.get("messages").asLong(), "the pretty envelope is one message");
        assertEquals(5, report.get("records").asLong());
        assertEquals(0, report.get("deadLetters").asLong());
        assertEquals(2, report.get("byFormat").get("eventhub").asLong());
        assertEquals(1, report.get("byFormat").get("loganalytics").asLong());
        assertEquals(1, report.get("byFormat").get("graph").asLong());
        assertEquals(1, report.get("byFormat").get("ecs").asLong());
        assertEquals(5, report.get("deviceCode").asLong());
    }

    @Test
    void forcingAFormatTurnsOtherFormatsIntoDeadLetters() throws IOException {
        assertEquals(ExitCode.OK, dcwatch("validate", "--input", SAMPLES.toString(), "--format", "graph"));
        JsonNode report = lastLineAsJson();
        assertEquals(1, report.get("records").asLong());
        assertEquals(4, report.get("deadLettersByReason").get("FORMAT_MISMATCH").asLong());
    }

    @Test
    void readsJsonLinesWithBrokenLinesAsDeadLettersAndGzippedFiles() throws IOException {
        String good = Files.readString(PUBLIC_FIXTURES.resolve("signinlogs-interactive.json"))
                .strip();
        Path file = temp.resolve("mixed.jsonl.gz");
        try (var gzip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write((good + "\n{\"broken\":\n\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(ExitCode.OK, dcwatch("validate", "--input", file.toString()));
        JsonNode report = lastLineAsJson();
        assertEquals(3, report.get("messages").asLong());
        assertEquals(2, report.get("records").asLong());
        assertEquals(1, report.get("deadLettersByReason").get("MALFORMED_JSON").asLong());
    }

    @Test
    void countsAuditRecordsApartFromSignInsAndDeadLetters() throws IOException {
        assertEquals(ExitCode.OK, dcwatch("validate", "--input", "../testdata/demo/signins.jsonl"));
        JsonNode report = lastLineAsJson();
        assertEquals(1, report.get("deadLetters").asLong(), "the broken line, not the audit log");
        assertEquals(1, report.get("deadLettersByReason").get("MALFORMED_JSON").asLong());
        assertEquals(1, report.get("auditRecordsSkipped").asLong());
        assertEquals(
                1,
                report.get("auditRecordsSkippedByOperation")
                        .get("Add member to group")
                        .asLong());
        assertEquals(1, report.get("deviceRegistrations").asLong(), "Erin's attacker registering a device");
        assertTrue(
                stdout().contains("1 audit record skipped (not a device registration) {Add member to group=1}"),
                stdout());
    }

    @Test
    void printsTheRuleCatalogue() throws IOException {
        assertEquals(ExitCode.OK, dcwatch("rules"));
        for (String id : List.of(
                "session-multi-source",
                "concurrent-interactive-noninteractive",
                "device-code-visibility",
                "unseen-asn",
                "device-code-broker-client")) {
            assertTrue(stdout().contains(id), id);
        }
        console.clearStdout();
        assertEquals(ExitCode.OK, dcwatch("rules", "--json"));
        JsonNode rules = MAPPER.readTree(stdout());
        assertEquals(7, rules.size());
        assertEquals("high", rules.get(0).get("severity").asText());
        JsonNode broker = rules.get(4);
        assertEquals("device-code-broker-client", broker.get("id").asText());
        assertTrue(broker.toString().contains("T1098.005"), broker.toString());
        assertTrue(rules.get(0).get("techniques").size() > 0);
    }

    @Test
    void answersHelpEverywhereWithExitZero() {
        assertEquals(ExitCode.OK, dcwatch("--help"));
        assertTrue(stdout().contains("Commands:"));
        assertEquals(ExitCode.OK, dcwatch("validate", "--help"));
        assertTrue(stdout().contains("--dead-letters FILE"));
        assertEquals(ExitCode.OK, dcwatch("rules", "-h"));
        assertTrue(stdout().contains("Usage: dcwatch rules"));
    }

    @Test
    void exitsWithTwoOnUsageErrorsAndSaysWhatIsWrong() {
        assertEquals(ExitCode.USAGE, dcwatch());
        assertEquals(ExitCode.USAGE, dcwatch("detect"));
        assertTrue(stderr().contains("unknown command 'detect'"));
        assertEquals(ExitCode.USAGE, dcwatch("validate"));
        assertTrue(stderr().contains("--input is required"), stderr());
        assertEquals(ExitCode.USAGE, dcwatch("validate", "--input", "x", "--colour", "red"));
        assertTrue(stderr().contains("unknown flag --colour"));
        assertEquals(ExitCode.USAGE, dcwatch("validate", "--input", "x", "--format", "csv"));
        assertTrue(stderr().contains("unknown format 'csv'"));
        assertEquals(ExitCode.USAGE, dcwatch("validate", "--input"));
        assertTrue(stderr().contains("--input needs a value"));
        assertEquals(ExitCode.USAGE, dcwatch("rules", "--id", "no-such-rule"));
    }

    @Test
    void exitsWithOneWhenTheInputCannotBeRead() {
        assertEquals(
                ExitCode.FAILURE,
                dcwatch("validate", "--input", temp.resolve("missing").toString()));
        assertTrue(stderr().contains("no such file or directory"), stderr());
    }
}
