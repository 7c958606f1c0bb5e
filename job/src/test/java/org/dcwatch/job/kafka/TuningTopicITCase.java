package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.DemoExpectations;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.tuning.TuningRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tuning topic, read by a running job: an allowlist produced mid-stream silences the alert it is meant for, a
 * malformed record becomes a dead letter, and the open topic never holds the rules' event time back — the session
 * rules, which fire on event-time timers, keep alerting while it is read.
 */
class TuningTopicITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    static final String BROKEN_TUNING = "{\"type\":\"allowlist\",\"rule\":\"session-multi-source\"}";
    static final String BOB_SESSION_ALERT = "session-multi-source bob@contoso.example r0 [bob-browser-1, bob-cli-1]";

    @Test
    void anAllowlistOnTheTopicSilencesBobsAzureCliLoginMidStream(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        KAFKA.createTopics("signins", "alerts", "dead-letters");
        KAFKA.createCompactedTopic("tuning");
        List<String> demo = Files.readAllLines(DemoExpectations.INPUT);
        // the first part ends before Bob's Azure CLI joins his browser: his alert can only be raised in the second
        int split = indexOfLineWith(demo, "bob-cli-1");
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopic("signins")
                .alertsTopic("alerts")
                .deadLetterTopic("dead-letters")
                .tuningTopic("tuning")
                .groupId("tuning-topic-it")
                .startingOffsets(StartingOffsets.parse("earliest"))
                .build();
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
        KafkaPipeline.detectionJob(
                        JobSettings.defaults(),
                        settings,
                        SignInKafkaSource.create(settings, JobSettings.defaults()),
                        List.of())
                .build(env);

        try (RunningJob job = RunningJob.start(env, "tuning topic")) {
            // 1. with the tuning topic open and empty, a timer-driven rule fires: Alice's session alert
            KAFKA.produce("signins", demo.subList(0, split));
            KAFKA.await(
                    job,
                    "alerts",
                    true,
                    read -> AlertDocuments.describe(KafkaBroker.values(read)).stream()
                            .anyMatch(alert -> alert.startsWith("session-multi-source alice@")),
                    KafkaTestJobs.TIMEOUT);

            // 2. the allowlist of docs/tuning.md and a broken record arrive on the tuning topic; the broken one's
            // dead letter shows that both have been checked, in order, and the allowlist broadcast
            String allowlist = Files.readAllLines(DemoExpectations.TUNING).get(0);
            KAFKA.produce("tuning", TuningRecord.parse(allowlist).key(), allowlist);
            KAFKA.produce("tuning", "allowlist/*/broken", BROKEN_TUNING);
            List<ConsumerRecord<String, String>> deadLetters = KAFKA.await(
                    job,
                    "dead-letters",
                    true,
                    read -> KafkaBroker.values(read).stream().anyMatch(d -> d.contains("INVALID_TUNING")),
                    KafkaTestJobs.TIMEOUT);

            // 3. the rest of the morning: Bob's Azure CLI login is allowlisted now, Carol's hotel sign-in is not
            KAFKA.produce("signins", demo.subList(split, demo.size()));
            int expected = DemoExpectations.ALERTS.size() - 1;
            KAFKA.await(job, "alerts", true, read -> read.size() >= expected, KafkaTestJobs.TIMEOUT);
            job.awaitCommitted(cluster); // an alert for Bob would be visible by now
            List<String> alerts = AlertDocuments.describe(
                    KafkaBroker.values(KAFKA.read("alerts", true, read -> false, Duration.ofSeconds(1))));

            assertEquals(
                    DemoExpectations.ALERTS.stream()
                            .filter(alert -> !alert.equals(BOB_SESSION_ALERT))
                            .toList(),
                    alerts);
            JsonNode invalid = KafkaBroker.values(deadLetters).stream()
                    .map(AlertDocuments::parse)
                    .filter(d -> d.path("reason").asText().equals("INVALID_TUNING"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("tuning", invalid.path("origin").asText());
            assertEquals(BROKEN_TUNING, invalid.path("raw").asText(), "kept for inspection");
            assertTrue(!invalid.path("detail").asText().isBlank(), "says what is wrong: " + invalid);
        }
    }

    @Test
    void aSnapshotOfTheTopicHoldsEveryValidRecordSoThatANewRunStartsWithIt() throws Exception {
        KAFKA.createCompactedTopic("tuning-snapshot");
        String allowlist = Files.readAllLines(DemoExpectations.TUNING).get(0);
        String knownAsn =
                "{\"type\":\"knownAsn\",\"tenant\":\"*\",\"asn\":8075,\"name\":\"corporate egress\",\"since\":\"2026-03-01T00:00:00Z\",\"version\":3}";
        KAFKA.produce("tuning-snapshot", TuningRecord.parse(allowlist).key(), allowlist);
        KAFKA.produce("tuning-snapshot", "allowlist/*/broken", BROKEN_TUNING);
        KAFKA.produce("tuning-snapshot", TuningRecord.parse(knownAsn).key(), knownAsn);
        KAFKA.produce("tuning-snapshot", "knownAsn/*/gone", null);
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopic("signins")
                .alertsTopic("alerts")
                .tuningTopic("tuning-snapshot")
                .build();

        List<String> snapshot = TuningTopicSnapshot.read(settings, Duration.ofSeconds(30));

        assertEquals(
                List.of(
                        TuningRecord.parse(allowlist).json(),
                        TuningRecord.parse(knownAsn).json()),
                snapshot,
                "the broken record and the tombstone left out");
    }

    private static int indexOfLineWith(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i;
        }
        throw new IllegalStateException(text + " is not in the demo");
    }
}
