package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dcwatch.job.generate.ScenarioLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcwatch quality} on the outputs of an earlier run (no job runs here; QualityReportITCase runs it), and the
 * flags it refuses.
 */
class QualityCommandTest {

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    @Test
    void comparesTheAlertsOfAnEarlierRunWithTheLabels() throws Exception {
        Path labels = temp.resolve("labels.jsonl");
        Files.writeString(
                labels,
                new ScenarioLabel(
                                        "0001-azure-cli",
                                        "azure-cli",
                                        false,
                                        "t-1",
                                        "u-1",
                                        "u1@contoso.example",
                                        "s-1",
                                        Instant.parse("2026-02-20T09:00:00Z"),
                                        List.of("c1", "c2"),
                                        List.of("session-multi-source"),
                                        "")
                                .toJson()
                        + "\n");
        Path alerts = temp.resolve("alerts.jsonl");
        Files.writeString(
                alerts,
                "{\"alertId\":\"A\",\"revision\":0,\"rule\":{\"id\":\"session-multi-source\"},"
                        + "\"tenantId\":\"t-1\",\"user\":{\"key\":\"u-1\"},\"evidence\":[{\"signInId\":\"c1\"},{\"signInId\":\"c2\"}]}\n");

        assertEquals(
                ExitCode.OK,
                console.dcwatch("quality", "--alerts", alerts.toString(), "--labels", labels.toString()),
                console.stderr());
        String printed = console.stdout();
        assertTrue(printed.contains("1 scenarios: 0 malicious, 1 look-alikes"), printed);
        assertTrue(printed.contains("differs from the labels: nothing"), printed);
        String json = printed.lines().reduce((first, last) -> last).orElseThrow();
        assertTrue(json.contains("\"session-multi-source\":{\"tp\":0,\"fn\":0,\"fp\":1,\"fpLookAlike\":1"), json);
    }

    @Test
    void refusesAmbiguousOrIncompleteRequests() throws Exception {
        Path labels = temp.resolve("labels.jsonl");
        Files.writeString(labels, "{\"scenarioId\":\"x\"}\n");
        assertUsageError("--labels is required", "quality", "--input", "x");
        assertUsageError(
                "no such file", "quality", "--labels", temp.resolve("missing").toString(), "--input", "x");
        assertUsageError("give --input (run the job) or --alerts", "quality", "--labels", labels.toString());
        assertUsageError(
                "line 1: \"kind\" is missing", "quality", "--labels", labels.toString(), "--alerts", labels.toString());
    }

    private void assertUsageError(String message, String... args) {
        assertEquals(ExitCode.USAGE, console.dcwatch(args));
        assertTrue(console.stderr().contains(message), console.stderr());
    }
}
