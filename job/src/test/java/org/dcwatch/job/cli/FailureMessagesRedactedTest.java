package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dcwatch.job.kafka.KafkaClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line prints of a failure passes through the same redaction as its settings: a secret it has read
 * is never printed, whichever message quotes it (a Kafka client's may).
 */
class FailureMessagesRedactedTest {

    /** A secret that also makes a file name, so that a failure's message quotes it. */
    private static final String SECRET = "f4ilure-m3ssage-s3cret";

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    @Test
    void neitherAUsageErrorNorAFailureQuotesASecret() throws Exception {
        // what run does with the environment: the client properties then hold a reference, this JVM knows the value
        KafkaClientProperties.load(
                null, Map.of("DCWATCH_KAFKA_SSL_KEY_PASSWORD", SECRET), "DCWATCH_", "--kafka-properties");

        assertEquals(
                ExitCode.USAGE,
                console.dcwatch(
                        "run",
                        "--input",
                        temp.resolve(SECRET).toString(),
                        "--alerts",
                        temp.resolve("alerts.jsonl").toString()));
        assertTrue(console.stderr().contains("--input: no such file or directory: "), console.stderr());
        assertFalse(console.stderr().contains(SECRET), console.stderr());
        assertTrue(console.stderr().contains("<redacted>"), console.stderr());

        Path notADirectory = Files.writeString(temp.resolve("file"), "");
        Path input = Files.writeString(temp.resolve("in.jsonl"), "not a sign-in\n");
        ConsoleCapture failure = new ConsoleCapture();
        assertEquals(
                ExitCode.FAILURE,
                failure.dcwatch(
                        "validate",
                        "--input",
                        input.toString(),
                        "--dead-letters",
                        notADirectory.resolve(SECRET).resolve("dead.jsonl").toString()));
        assertTrue(failure.stderr().contains("failed: "), failure.stderr());
        assertFalse(failure.stderr().contains(SECRET), failure.stderr());
    }
}
