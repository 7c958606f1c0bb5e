package org.dcwatch.job.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dcwatch.udfs.parse.ParseResult;
import org.dcwatch.udfs.parse.SignInParser;
import org.junit.jupiter.api.Test;

class DemoSignInsTest {

    private static final Path COMMITTED = Path.of("../testdata/demo/signins.jsonl");

    @Test
    void theCommittedDemoIsWhatTheGeneratorMakes() throws Exception {
        assertEquals(
                DemoSignIns.lines(),
                Files.readAllLines(COMMITTED),
                "regenerate with: java -cp job/target/classes:<jackson-core> " + DemoSignIns.class.getName());
    }

    @Test
    void generatedRecordsHaveTheShapeAndSizeOfRealOnes() {
        SignInParser parser = new SignInParser();
        int records = 0;
        long bytes = 0;
        for (String line : DemoSignIns.lines()) {
            ParseResult result = parser.parse(line);
            records += result.events().size();
            bytes += line.length();
        }
        long average = bytes / records;
        assertTrue(average > 3000 && average < 5000, "average record size " + average);
    }

    @Test
    void rendersTheDeviceCodeFieldsTheRulesRead() {
        String record = EventHubRecord.render(new SignInSpec("x1", java.time.Instant.parse("2026-03-02T09:14:02Z"))
                .user("t1", "u1", "u1@example.com", "U One")
                .network("198.51.100.7", 14061, "NL", "Amsterdam")
                .session("s1", "c1")
                .tokenRefresh()
                .deviceCode(false)
                .userAgent("python-requests/2.31.0"));
        ParseResult result = new SignInParser().parse(record);
        assertEquals(List.of(), result.deadLetters());
        var event = result.events().get(0);
        assertEquals("NonInteractiveUserSignInLogs", event.category());
        assertEquals("deviceCodeFlow", event.originalTransferMethod());
        assertEquals("s1", event.sessionId());
        assertEquals(14061, event.asn());
        assertEquals("python-requests/2.31.0", event.userAgent());
        assertEquals(java.time.Instant.parse("2026-03-02T09:14:02Z").toEpochMilli(), event.eventTime());
    }
}
