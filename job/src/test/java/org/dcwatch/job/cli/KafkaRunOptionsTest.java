package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dcwatch.job.config.ConfigurationException;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.kafka.KafkaSettings;
import org.dcwatch.job.kafka.StartingOffsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaRunOptionsTest {

    private static final String[] MINIMAL = {
        "--bootstrap-servers", "127.0.0.1:9092", "--input-topic", "signins", "--alerts-topic", "alerts"
    };

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static KafkaRunOptions parse(Map<String, String> env, String... args) {
        Set<String> flags = new HashSet<>(KafkaRunOptions.VALUE_FLAGS);
        flags.add("checkpoint-interval");
        return KafkaRunOptions.parse(CommandLine.parse(List.of(args), flags, KafkaRunOptions.SWITCHES), env);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** Runs the command line as a user would; returns what it said on stderr, having checked the usage exit code. */
    private String usageError(String... args) {
        int exit = new Dcwatch(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(with(new String[] {"run"}, args));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE, exit, stderr);
        return stderr;
    }

    @Test
    void saysThatAnInputTopicNeedsBootstrapServers() {
        assertTrue(
                usageError("--input-topic", "signins", "--alerts-topic", "alerts")
                        .contains(
                                "--input-topic needs --bootstrap-servers, the Kafka cluster (for Event Hubs NAMESPACE.servicebus.windows.net:9093)"));
    }

    @Test
    void saysWhichTopicAKafkaRunLacks() {
        assertTrue(usageError("--bootstrap-servers", "127.0.0.1:9092", "--alerts-topic", "alerts")
                .contains("a Kafka run needs --input-topic"));
        assertTrue(usageError("--bootstrap-servers", "127.0.0.1:9092", "--input-topic", "signins")
                .contains("a Kafka run needs --alerts-topic"));
    }

    @Test
    void refusesFileOutputsInAKafkaRunAndNamesTheTopicFlag() {
        assertTrue(usageError(with(MINIMAL, "--dead-letters", "dl.jsonl"))
                .contains("--dead-letters is for files; a Kafka run reads and writes topics: use --dead-letter-topic"));
    }

    @Test
    void refusesAHistoryWithoutTheInstantWhereTheLiveTopicTakesOver() throws Exception {
        Path history = Files.createDirectories(temp.resolve("history"));
        assertTrue(usageError(with(MINIMAL, "--history", history.toString()))
                .contains("--history needs --starting-offsets timestamp:WHEN, the instant the history export ends"));
        assertTrue(usageError("--input", "x.jsonl", "--alerts", "a.jsonl", "--history", history.toString())
                .contains("--history bootstraps a Kafka run"));
        assertTrue(usageError(with(MINIMAL, "--alert-on-history")).contains("--alert-on-history needs --history"));
    }

    @Test
    void refusesATransactionTimeoutThatACheckpointIntervalWouldOutlast() {
        assertTrue(usageError(with(MINIMAL, "--checkpoint-interval", "5m", "--transaction-timeout", "2m"))
                .contains("--transaction-timeout (PT2M) must be longer than the checkpoint interval (PT5M)"));
    }

    @Test
    void refusesATransactionalIdPrefixForAtLeastOnceAlerts() {
        assertTrue(usageError(with(MINIMAL, "--alerts-delivery", "at-least-once", "--transactional-id-prefix", "p"))
                .contains("--transactional-id-prefix is for --alerts-delivery exactly-once"));
        assertTrue(usageError(with(MINIMAL, "--alerts-delivery", "twice"))
                .contains("--alerts-delivery must be exactly-once or at-least-once, was 'twice'"));
    }

    @Test
    void turnsTheFlagsIntoSettings() throws Exception {
        Path history = Files.createDirectories(temp.resolve("history"));
        Path properties = Files.writeString(temp.resolve("kafka.properties"), "transaction.timeout.ms=300000\n");
        KafkaRunOptions options = parse(
                Map.of(
                        "DCWATCH_EVENTHUBS_CONNECTION_STRING",
                        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s"),
                "--bootstrap-servers",
                "contoso.servicebus.windows.net:9093",
                "--input-topic",
                "a, b",
                "--alerts-topic",
                "alerts",
                "--visibility-topic",
                "visibility",
                "--dead-letter-topic",
                "dead",
                "--late-topic",
                "late",
                "--tuning-topic",
                "tuning",
                "--group-id",
                "dcwatch-eu",
                "--kafka-properties",
                properties.toString(),
                "--history",
                history.toString(),
                "--starting-offsets",
                "timestamp:2026-03-02T09:00:00Z",
                "--checkpoint-interval",
                "30s");
        KafkaSettings settings = options.settings();
        assertEquals(List.of("a", "b"), settings.inputTopics());
        assertEquals("visibility", settings.visibilityTopic());
        assertEquals("dead", settings.deadLetterTopic());
        assertEquals("late", settings.lateTopic());
        assertEquals("tuning", settings.tuningTopic());
        assertEquals("dcwatch-eu-alerts", settings.transactionalIdPrefix());
        assertEquals(Duration.ofMinutes(5), settings.transactionTimeout(), "from the properties file");
        assertEquals("SASL_SSL", settings.input().properties().getProperty("security.protocol"));
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, settings.alertsDelivery());
        assertEquals(StartingOffsets.Kind.TIMESTAMP, settings.startingOffsets().kind());
        assertEquals(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli(), options.learnOnlyBefore());
        assertEquals(history.toString(), options.historyPath());
        assertEquals(Duration.ofSeconds(30), options.checkpointInterval());
    }

    @Test
    void checkpointsEveryTenSecondsUnlessTold() {
        KafkaRunOptions defaults = parse(Map.of(), MINIMAL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(defaults.configuration());
        defaults.enableCheckpointing(env);
        assertEquals(10_000, env.getCheckpointConfig().getCheckpointInterval());

        KafkaRunOptions told = parse(Map.of(), with(MINIMAL, "--checkpoint-interval", "30s"));
        StreamExecutionEnvironment toldEnv = StreamExecutionEnvironment.getExecutionEnvironment(told.configuration());
        told.enableCheckpointing(toldEnv);
        assertEquals(30_000, toldEnv.getCheckpointConfig().getCheckpointInterval());
    }

    @Test
    void runsWithoutAHistoryCutOffUnlessAHistoryIsGiven() {
        KafkaRunOptions options = parse(Map.of(), MINIMAL);
        assertEquals(JobSettings.NO_HISTORY, options.learnOnlyBefore());
        assertNull(options.historyPath());
        assertNull(options.checkpointInterval(), "the cluster's interval, else the default");
        assertThrows(
                ConfigurationException.class, () -> parse(Map.of(), with(MINIMAL, "--starting-offsets", "newest")));
    }
}
