package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dcwatch.job.generate.ScenarioLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcwatch generate} as a user runs it: the first version's flags, the new ones, and what it refuses. */
class GenerateCommandTest {

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    @Test
    void writesTheRecordsAndTheLabelsOfTheScenarios() throws Exception {
        Path out = temp.resolve("data/signins.jsonl");
        Path labels = temp.resolve("data/labels.jsonl");
        int exit = console.dcwatch(
                "generate",
                "--records",
                "600",
                "--users",
                "50",
                "--days",
                "3",
                "--seed",
                "5",
                "--format",
                "eventhub-lines",
                "--scenarios",
                "phishing=1,azure-cli=1",
                "--labels",
                labels.toString(),
                "--out",
                out.toString());
        assertEquals(ExitCode.OK, exit, console.stderr());
        assertEquals(600, Files.readAllLines(out).size(), "one record a line, scenarios included");
        List<ScenarioLabel> written = ScenarioLabel.read(labels);
        assertEquals(
                List.of("azure-cli", "phishing"),
                written.stream().map(ScenarioLabel::kind).sorted().toList());
        assertTrue(console.stderr().contains("2 scenarios {azure-cli=1, phishing=1} -> " + labels), console.stderr());
    }

    @Test
    void theSameFlagsWriteTheSameBytes() throws Exception {
        String[] flags = {
            "--records",
            "400",
            "--users",
            "40",
            "--days",
            "2",
            "--seed",
            "9",
            "--attack-rate",
            "500",
            "--format",
            "loganalytics"
        };
        Path first = temp.resolve("first.jsonl");
        Path second = temp.resolve("second.jsonl");
        assertEquals(ExitCode.OK, console.dcwatch(concat(new String[] {"generate", "--out", first.toString()}, flags)));
        assertEquals(
                ExitCode.OK, console.dcwatch(concat(new String[] {"generate", "--out", second.toString()}, flags)));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void writesEnvelopesToStandardOutputByDefault() {
        assertEquals(
                ExitCode.OK,
                console.dcwatch("generate", "--records", "25", "--users", "5", "--per-envelope", "10", "--out", "-"));
        List<String> lines = console.stdout().lines().toList();
        assertEquals(3, lines.size(), "10 + 10 + 5 records");
        assertTrue(lines.stream().allMatch(line -> line.startsWith("{\"records\":[")));
    }

    @Test
    void refusesFlagsThatWouldNotDoWhatTheySay() {
        assertUsageError("--format: unknown format 'xml'", "--format", "xml");
        assertUsageError(
                "--per-envelope applies to --format eventhub only", "--format", "loganalytics", "--per-envelope", "5");
        assertUsageError("give --attack-rate", "--scenarios", "phishing");
        assertUsageError("--attack-rate must be a number", "--attack-rate", "often");
        assertUsageError("more than the 100 asked for", "--scenarios", "phishing=50", "--users", "1000");
    }

    @Test
    void refusesTwoDestinationsOrNone() {
        assertDestinationError(
                "--out and --topic are two destinations: give --out FILE (- for standard output) or "
                        + "--topic NAME with --bootstrap-servers, not both",
                "--out",
                "-",
                "--topic",
                "signins",
                "--bootstrap-servers",
                "127.0.0.1:9092");
        assertDestinationError(
                "--out FILE (- for standard output) or --topic NAME with --bootstrap-servers is required");
    }

    @Test
    void takesTheKafkaFlagsOnlyWithATopicAndATopicOnlyWithItsCluster() {
        assertDestinationError("--topic needs --bootstrap-servers", "--topic", "signins");
        assertDestinationError(
                "--bootstrap-servers is for --topic", "--out", "-", "--bootstrap-servers", "127.0.0.1:9092");
        assertDestinationError(
                "--kafka-properties is for --topic", "--out", "-", "--kafka-properties", "kafka.properties");
        assertDestinationError(
                "--kafka-properties: no such file: " + temp.resolve("missing.properties"),
                "--topic",
                "signins",
                "--bootstrap-servers",
                "127.0.0.1:9092",
                "--kafka-properties",
                temp.resolve("missing.properties").toString());
    }

    @Test
    void refusesARateThatIsNotAPositiveNumber() {
        for (String rate : List.of("fast", "0", "-5", "NaN", "Infinity", "1e400")) {
            assertUsageError(
                    "--rate must be a number of records a second above 0, such as 2000 or 0.5, was '" + rate + "'",
                    "--rate",
                    rate);
        }
    }

    @Test
    void aPacedRunWritesTheSameBytesAsAnUnpacedOne() throws Exception {
        String[] flags = {"--records", "300", "--users", "30", "--seed", "4", "--per-envelope", "7"};
        Path unpaced = temp.resolve("unpaced.jsonl");
        Path paced = temp.resolve("paced.jsonl");
        assertEquals(
                ExitCode.OK, console.dcwatch(concat(new String[] {"generate", "--out", unpaced.toString()}, flags)));
        assertEquals(
                ExitCode.OK,
                console.dcwatch(
                        concat(new String[] {"generate", "--out", paced.toString(), "--rate", "1000000.5"}, flags)),
                console.stderr());
        assertArrayEquals(Files.readAllBytes(unpaced), Files.readAllBytes(paced));
    }

    private void assertUsageError(String message, String... flags) {
        int exit = console.dcwatch(concat(
                new String[] {
                    "generate", "--records", "100", "--out", temp.resolve("x").toString()
                },
                flags));
        assertEquals(ExitCode.USAGE, exit);
        assertTrue(console.stderr().contains(message), console.stderr());
    }

    /** Checks the flags as the command does, with the destination flags as given (no --out added). */
    private void assertDestinationError(String message, String... flags) {
        int exit = console.dcwatch(concat(new String[] {"generate", "--records", "100"}, flags));
        assertEquals(ExitCode.USAGE, exit, console.stderr());
        assertTrue(console.stderr().contains(message), console.stderr());
    }

    static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
