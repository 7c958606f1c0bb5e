package org.dcwatch.job.cli;

import static org.dcwatch.job.cli.GenerateCommandTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dcwatch generate --topic} on a real broker: the topic holds, a record a message, exactly the lines
 * {@code --out} writes for the same flags; and a run that cannot deliver fails with a message, in bounded time.
 */
class GenerateToKafkaITCase {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** Failures within seconds rather than the client's default minute or two. */
    private static final String FAST_FAILING_CLIENT =
            "max.block.ms=1500\ndelivery.timeout.ms=3000\nrequest.timeout.ms=1000\n";

    @TempDir
    Path temp;

    private final ConsoleCapture console = new ConsoleCapture();

    @ParameterizedTest
    @ValueSource(strings = {"eventhub", "loganalytics"})
    void theTopicHoldsTheLinesTheFileHoldsOneRecordALine(String format) throws Exception {
        String topic = "signins-" + format;
        KAFKA.createTopics(topic);
        String[] flags = {
            "--records",
            "2000",
            "--users",
            "100",
            "--days",
            "2",
            "--seed",
            "13",
            "--scenarios",
            "all=1",
            "--format",
            format
        };
        Path file = temp.resolve("signins.jsonl");
        assertEquals(
                ExitCode.OK,
                console.dcwatch(concat(new String[] {"generate", "--out", file.toString()}, flags)),
                console.stderr());
        long lines = Files.readAllLines(file).size();

        int exit = console.dcwatch(concat(
                new String[] {
                    "generate", "--topic", topic, "--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "50000"
                },
                flags));
        assertEquals(ExitCode.OK, exit, console.stderr());

        List<ConsumerRecord<String, String>> records =
                KAFKA.read(topic, false, read -> read.size() >= lines, Duration.ofSeconds(30));
        ByteArrayOutputStream asLines = new ByteArrayOutputStream();
        for (ConsumerRecord<String, String> record : records) {
            asLines.write(record.value().getBytes(StandardCharsets.UTF_8));
            asLines.write('\n');
        }
        assertArrayEquals(Files.readAllBytes(file), asLines.toByteArray(), "the same values in the same order");
        assertTrue(records.stream().allMatch(record -> record.key() == null), "no key, as Entra publishes none");
        assertTrue(
                console.stderr()
                        .contains("dcwatch generate: 2000 records (" + format + ") in " + lines + " messages, "),
                console.stderr());
        assertTrue(console.stderr().contains("MB to topic " + topic + ", "), console.stderr());
    }

    @Test
    void aTopicThatDoesNotExistFailsTheRunWithAMessage() throws Exception {
        int exit = console.dcwatch(
                "generate",
                "--records",
                "100",
                "--topic",
                "no-such-topic",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka-properties",
                properties(FAST_FAILING_CLIENT));
        assertEquals(ExitCode.FAILURE, exit, console.stderr());
        assertTrue(
                console.stderr()
                        .contains("topic no-such-topic on " + KAFKA.bootstrapServers() + ": cannot reach it "
                                + "(is the broker up, and does the topic exist?): TimeoutException: Topic no-such-topic not present in "
                                + "metadata after 1500 ms"),
                console.stderr());
        assertFalse(console.stderr().contains("\tat "), "a message, not a stack trace");
    }

    @Test
    void aMissingBrokerFailsTheRunWithoutPrintingTheSecrets() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        String servers = "127.0.0.1:" + port;
        String secret = "s3cret-never-printed";
        int exit = console.dcwatch(
                "generate",
                "--records",
                "100",
                "--topic",
                "signins",
                "--bootstrap-servers",
                servers,
                "--kafka-properties",
                properties(FAST_FAILING_CLIENT + "security.protocol=SASL_PLAINTEXT\n"
                        + "sasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                        + "required username=\"dcwatch\" password=\"" + secret + "\";\n"));
        assertEquals(ExitCode.FAILURE, exit, console.stderr());
        assertTrue(console.stderr().contains("sasl.jaas.config=<redacted>"), console.stderr());
        assertTrue(console.stderr().contains("topic signins on " + servers + ": cannot reach it"), console.stderr());
        assertFalse(console.stderr().contains(secret), console.stderr());
    }

    @Test
    void aMessageTheBrokerWillNotTakeFailsTheRunMidwayWithWhatToChange() throws Exception {
        KAFKA.createTopics("small-messages");
        int exit = console.dcwatch(
                "generate",
                "--records",
                "1000",
                "--per-envelope",
                "100",
                "--topic",
                "small-messages",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka-properties",
                properties(FAST_FAILING_CLIENT + "max.request.size=100000\n"));
        assertEquals(ExitCode.FAILURE, exit, console.stderr());
        assertTrue(
                console.stderr().contains("topic small-messages on " + KAFKA.bootstrapServers() + ": a send failed ("),
                console.stderr());
        assertTrue(console.stderr().contains("lower --per-envelope, or raise max.request.size"), console.stderr());
        assertFalse(console.stderr().contains("\tat "), "a message, not a stack trace");
    }

    private String properties(String text) throws Exception {
        Path file = Files.createTempFile(temp, "producer", ".properties");
        Files.writeString(file, text);
        return file.toString();
    }
}
