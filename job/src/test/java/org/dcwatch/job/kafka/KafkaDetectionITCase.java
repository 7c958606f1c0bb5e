package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dcwatch.job.CollectingSink;
import org.dcwatch.job.DemoExpectations;
import org.dcwatch.job.DetectionJob;
import org.dcwatch.job.TestSignIns;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.job.sink.AlertJson;
import org.dcwatch.udfs.event.DeviceRegistrationEvent;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo input through Kafka: produced to the sign-in topic as an Event Hub would deliver it, read by the job on a
 * MiniCluster, the alerts read back with {@code isolation.level=read_committed}. The same alerts as from the file, and
 * the visibility records, dead letters and late sign-ins on their topics.
 */
class KafkaDetectionITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    @Test
    void raisesTheDemoAlertsExactlyOnceForAReadCommittedConsumer(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        KAFKA.createTopics("signins", "alerts", "visibility", "dead-letters", "late");
        KAFKA.produce("signins", Files.readAllLines(DemoExpectations.INPUT));
        StreamExecutionEnvironment env = jobFromTheStart(fromTheStart("signins", "alerts", "kafka-detection-it")
                .visibilityTopic("visibility")
                .deadLetterTopic("dead-letters")
                .lateTopic("late"));

        try (RunningJob job = RunningJob.start(env, "kafka detection")) {
            List<ConsumerRecord<String, String>> alerts = atLeast(job, "alerts", DemoExpectations.ALERTS.size());
            List<ConsumerRecord<String, String>> visibility =
                    atLeast(job, "visibility", DemoExpectations.VISIBILITY.size());
            List<ConsumerRecord<String, String>> deadLetters =
                    atLeast(job, "dead-letters", DemoExpectations.DEAD_LETTER_REASONS.size());
            List<ConsumerRecord<String, String>> late = atLeast(job, "late", DemoExpectations.LATE.size());
            job.awaitCommitted(cluster); // anything raised twice would be visible by now
            alerts = KAFKA.read("alerts", true, read -> false, Duration.ofSeconds(1));

            assertEquals(DemoExpectations.ALERTS, AlertDocuments.describe(KafkaBroker.values(alerts)));
            for (ConsumerRecord<String, String> alert : alerts) {
                assertEquals(
                        AlertDocuments.parse(alert.value()).path("alertId").asText(),
                        alert.key(),
                        "keyed by alert id, for compaction");
            }
            assertEquals(
                    DemoExpectations.VISIBILITY,
                    KafkaBroker.values(visibility).stream()
                            .map(json ->
                                    AlertDocuments.parse(json).path("signInId").asText())
                            .sorted()
                            .toList());
            assertEquals(
                    DemoExpectations.DEAD_LETTER_REASONS,
                    KafkaBroker.values(deadLetters).stream()
                            .map(json ->
                                    AlertDocuments.parse(json).path("reason").asText())
                            .sorted()
                            .toList());
            assertEquals(
                    DemoExpectations.LATE,
                    late.stream().map(ConsumerRecord::key).sorted().toList());
        }
    }

    @Test
    void aSignInFromTheFutureIsADeadLetterAndBlindsNoRule() throws Exception {
        KAFKA.createTopics("poisoned", "poisoned-alerts", "poisoned-dead-letters");
        List<String> demo = new ArrayList<>(Files.readAllLines(DemoExpectations.INPUT));
        int morning = 0;
        while (!demo.get(morning).contains("alice-browser-1")) morning++;
        // a year ahead of the clock and of the Kafka timestamp, its own ingestion time forged too; and one a year ahead
        // of its ingestion time: either would have moved the watermark a year on, ahead of every attack of the morning
        demo.add(
                morning,
                EventHubRecord.render(TestSignIns.signIn("clock", 0)
                        .copy("clock-a-year-ahead", Instant.now().plus(Duration.ofDays(365)))));
        demo.add(
                morning,
                EventHubRecord.render(TestSignIns.signIn("created-a-year-ahead", -60))
                        .replace("\"createdDateTime\":\"2026-", "\"createdDateTime\":\"2027-"));
        KAFKA.produce("poisoned", demo);
        StreamExecutionEnvironment env =
                jobFromTheStart(fromTheStart("poisoned", "poisoned-alerts", "kafka-poisoned-it")
                        .deadLetterTopic("poisoned-dead-letters"));

        try (RunningJob job = RunningJob.start(env, "kafka poisoned")) {
            List<ConsumerRecord<String, String>> alerts =
                    atLeast(job, "poisoned-alerts", DemoExpectations.ALERTS.size());
            List<ConsumerRecord<String, String>> deadLetters =
                    atLeast(job, "poisoned-dead-letters", DemoExpectations.DEAD_LETTER_REASONS.size() + 2);

            assertEquals(DemoExpectations.ALERTS, AlertDocuments.describe(KafkaBroker.values(alerts)));
            List<String> future = KafkaBroker.values(deadLetters).stream()
                    .map(AlertDocuments::parse)
                    .filter(deadLetter -> deadLetter.path("reason").asText().equals("FUTURE_TIME"))
                    .map(deadLetter -> deadLetter.path("origin").asText())
                    .sorted()
                    .toList();
            assertEquals(
                    List.of("poisoned/0@" + morning, "poisoned/0@" + (morning + 1)),
                    future,
                    "each one a dead letter, traced to its topic, partition and offset");
        }
    }

    /**
     * Three poller sign-ins with 400 KB user agents once made an alert revision of 1.2 MB, more than the producer
     * sends: the sink failed, and no alert of any tenant was committed. Now the alert is bounded, and the ordinary
     * attack of another tenant after it is committed too.
     */
    @Test
    void aPollerBurstOfHugeUserAgentsBlocksNoOtherAlert() throws Exception {
        KAFKA.createTopics("huge", "huge-alerts");
        String otherTenant = "0e9d8c7b-6a5f-4e3d-9c2b-1a0f9e8d7c6b";
        String hugeAgent = "python-requests/2.31.0 " + "a".repeat(409_600 - 23);
        List<SignInSpec> signIns = new ArrayList<>();
        SignInSpec browser = TestSignIns.signIn("huge-browser", 0)
                .session("s-huge", "c-huge")
                .deviceCode(true);
        signIns.add(browser);
        for (int i = 1; i <= 3; i++) {
            signIns.add(browser.copy("huge-poller-" + i, TestSignIns.minutes(i))
                    .tokenRefresh()
                    .deviceCode(false)
                    .network("198.51.100.9", 64511, "NL", "Amsterdam")
                    .userAgent(hugeAgent));
        }
        SignInSpec other = new SignInSpec("other-browser", TestSignIns.minutes(30))
                .user(otherTenant, "b2c3d4e5-2222-4333-8444-a55566667777", "olga@fabrikam.example", "Olga")
                .network("87.123.4.5", 3209, "DE", "Berlin")
                .session("s-other", "c-other")
                .deviceCode(true);
        signIns.add(other);
        signIns.add(other.copy("other-poller", TestSignIns.minutes(31))
                .tokenRefresh()
                .deviceCode(false)
                .network("198.51.100.10", 64511, "NL", "Amsterdam")
                .userAgent("python-requests/2.31.0"));
        // later sign-ins carry event time past both sessions, so that the session rules decide
        signIns.add(other.copy("other-later", TestSignIns.minutes(240)).session("s-later", "c-later"));
        signIns.add(other.copy("other-next-day", TestSignIns.minutes(24 * 60)).session("s-next", "c-next"));
        KAFKA.produce("huge", signIns.stream().map(EventHubRecord::render).toList());
        StreamExecutionEnvironment env = jobFromTheStart(fromTheStart("huge", "huge-alerts", "kafka-huge-it"));

        try (RunningJob job = RunningJob.start(env, "kafka huge user agents")) {
            List<ConsumerRecord<String, String>> alerts = KAFKA.await(
                    job,
                    "huge-alerts",
                    true,
                    records -> KafkaBroker.values(records).stream().anyMatch(json -> json.contains(otherTenant)),
                    KafkaTestJobs.TIMEOUT);

            List<String> hugeTenant = new ArrayList<>();
            for (String json : KafkaBroker.values(alerts)) {
                assertTrue(
                        json.getBytes(StandardCharsets.UTF_8).length <= AlertJson.MAX_DOCUMENT_BYTES,
                        "bytes " + json.length());
                if (json.contains("huge-poller-1")) hugeTenant.add(json);
            }
            assertFalse(hugeTenant.isEmpty(), "the burst's own alert is committed too");
            assertTrue(hugeTenant.get(0).contains("\u2026[truncated, 409600 chars]"), "the user agent is cut, visibly");
        }
    }

    /**
     * One Event Hub message holds a device-code sign-in and the device registration that followed it, as one hub
     * carries both logs: the sign-in reaches the rules (its visibility record), the registration the job's
     * device-registration output, and neither is a dead letter.
     */
    @Test
    void oneMessageOfASignInAndADeviceRegistrationYieldsBoth() throws Exception {
        KAFKA.createTopics("mixed", "mixed-alerts", "mixed-visibility", "mixed-dead-letters");
        String signIn = EventHubRecord.render(TestSignIns.signIn("mixed-browser-1", 0)
                .session("s-mixed", "c-mixed")
                .deviceCode(true));
        String registration = "{\"time\":\"" + TestSignIns.minutes(2) + "\",\"category\":\"AuditLogs\","
                + "\"tenantId\":\"" + TestSignIns.TENANT + "\",\"operationName\":\"Register device\","
                + "\"properties\":{\"id\":\"mixed-registration\",\"category\":\"Device\","
                + "\"activityDisplayName\":\"Register device\",\"activityDateTime\":\"" + TestSignIns.minutes(1)
                + "\",\"targetResources\":[{\"id\":\"dev-mixed\",\"type\":\"Device\"}]}}";
        // a sign-in a day later carries event time past the first, so that the rules decide on it
        String nextDay = EventHubRecord.render(TestSignIns.signIn("mixed-next-day", 24 * 60));
        KAFKA.produce("mixed", List.of("{\"records\":[" + signIn + "," + registration + "]}", nextDay));
        KafkaSettings settings = fromTheStart("mixed", "mixed-alerts", "kafka-mixed-it")
                .visibilityTopic("mixed-visibility")
                .deadLetterTopic("mixed-dead-letters")
                .build();
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
        DetectionJob detection = KafkaPipeline.detectionJob(
                JobSettings.defaults(),
                settings,
                SignInKafkaSource.create(settings, JobSettings.defaults()),
                List.of());
        detection.build(env);
        CollectingSink<DeviceRegistrationEvent> registrations = new CollectingSink<>();
        detection.deviceRegistrations().sinkTo(registrations);

        try (RunningJob job = RunningJob.start(env, "kafka mixed message")) {
            List<ConsumerRecord<String, String>> visibility = atLeast(job, "mixed-visibility", 1);

            assertEquals(
                    "mixed-browser-1",
                    AlertDocuments.parse(visibility.get(0).value())
                            .path("signInId")
                            .asText());
            // committed output means a completed checkpoint: every record before it went through every operator
            List<DeviceRegistrationEvent> received = registrations.received();
            assertEquals(1, received.size(), received.toString());
            assertEquals("dev-mixed", received.get(0).deviceObjectId());
            assertEquals(TestSignIns.minutes(1).toEpochMilli(), received.get(0).eventTime());
            assertEquals(List.of(), KAFKA.read("mixed-dead-letters", true, read -> false, Duration.ofSeconds(1)));
        }
    }

    /**
     * The audit-log hub read as a topic of its own, beside the sign-ins: it keeps receiving audit records of other
     * operations than device registrations, and garbage, so it never falls silent, and idleness (ten minutes here) can
     * never be what lets event time on. The skipped records move its event time, so the phishing session of the
     * sign-in topic still alerts.
     */
    @Test
    void anAuditTopicOfSkippedRecordsAndGarbageHoldsNoRuleBack() throws Exception {
        KAFKA.createTopics("phished", "auditlogs", "audit-topic-alerts");
        KAFKA.produce("phished", phishingSession("audit-topic"));
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopics(List.of("phished", "auditlogs"))
                .alertsTopic("audit-topic-alerts")
                .groupId("kafka-audit-topic-it")
                .startingOffsets(StartingOffsets.parse("earliest"))
                .build();
        JobSettings jobSettings = JobSettings.defaults().withIdleness(Duration.ofMinutes(10));
        int[] sent = {0};
        Supplier<String> auditNoise = () -> sent[0]++ % 2 == 0 ? addMemberToGroup(Instant.now()) : "{\"records\":[{";

        try (LiveFeed audit = new LiveFeed(KAFKA, "auditlogs", 0, Duration.ofMillis(100), auditNoise);
                RunningJob job = RunningJob.start(job(settings, jobSettings), "kafka audit topic")) {
            awaitSessionAlert(job, "audit-topic-alerts", "audit-topic-poller");
        }
    }

    /**
     * The device-registration chain across two topics, as Entra's two hubs deliver it: the phish on the sign-in topic,
     * the attacker's Register device of the victim on the audit topic, then the device's PRT sign-in. Each topic's
     * event time moves on by a record a day later (a skipped audit record on the audit topic), so both chain rules
     * decide in event time, whatever the order the two topics are read in.
     */
    @Test
    void followsThePhishedTokenFromTheSignInTopicToTheAuditTopic() throws Exception {
        KAFKA.createTopics("chain-signins", "chain-auditlogs", "chain-alerts");
        String device = "6b1d0c9e-2f4a-4e7b-8c3d-5a9e1f2b7c40";
        SignInSpec phish = TestSignIns.signIn("chain-browser", 0)
                .session("s-chain", "c-chain")
                .deviceCode(true);
        String prt = EventHubRecord.render(TestSignIns.signIn("chain-prt", 12)
                        .network("198.51.100.9", 64511, "NL", "Amsterdam")
                        .unknownDevice()
                        .tokenRefresh())
                .replace("\"deviceId\":\"\"", "\"deviceId\":\"" + device + "\"")
                .replace("\"incomingTokenType\":\"refreshToken\"", "\"incomingTokenType\":\"primaryRefreshToken\"");
        String nextDay = EventHubRecord.render(TestSignIns.signIn("chain-next-day", 24 * 60));
        KAFKA.produce("chain-signins", List.of(EventHubRecord.render(phish), prt, nextDay));
        String registration = "{\"records\":[{\"time\":\"" + TestSignIns.minutes(11) + "\",\"category\":\"AuditLogs\","
                + "\"tenantId\":\"" + TestSignIns.TENANT + "\",\"operationName\":\"Register device\","
                + "\"properties\":{\"id\":\"chain-registration\",\"category\":\"Device\",\"result\":\"success\","
                + "\"activityDisplayName\":\"Register device\",\"activityDateTime\":\"" + TestSignIns.minutes(9)
                + "\",\"initiatedBy\":{\"user\":{\"id\":\"" + TestSignIns.USER + "\"}},"
                + "\"targetResources\":[{\"id\":\"obj-chain\",\"displayName\":\"DESKTOP-9K2QX7M\",\"type\":\"Device\"}],"
                + "\"additionalDetails\":[{\"key\":\"Device Id\",\"value\":\"" + device + "\"}]}}]}";
        KAFKA.produce("chain-auditlogs", List.of(registration, addMemberToGroup(TestSignIns.minutes(24 * 60))));
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopics(List.of("chain-signins", "chain-auditlogs"))
                .alertsTopic("chain-alerts")
                .groupId("kafka-chain-it")
                .startingOffsets(StartingOffsets.parse("earliest"))
                .build();

        try (RunningJob job = RunningJob.start(job(settings, JobSettings.defaults()), "kafka device chain")) {
            List<String> chain = List.of(
                    "device-code-device-registration alice@contoso.example r0 [chain-browser]",
                    "device-registration-prt-use alice@contoso.example r0 [chain-browser, chain-prt]");
            KAFKA.await(
                    job,
                    "chain-alerts",
                    true,
                    records ->
                            AlertDocuments.describe(KafkaBroker.values(records)).containsAll(chain),
                    KafkaTestJobs.TIMEOUT);
        }
    }

    /**
     * A partition of the sign-in topic whose producer breaks: one sign-in, then garbage alone, on and on. It is idle
     * after the idle timeout and holds the event time of the other partition back no longer, though its records keep
     * coming.
     */
    @Test
    void aSignInPartitionOfGarbageAloneHoldsNoRuleBack() throws Exception {
        KAFKA.createTopics(2, "half-garbage", "half-garbage-alerts");
        List<String> session = phishingSession("half-garbage");
        // the last sign-in again and again: the partition stays active, so that it cannot fall idle before the other
        String keepAlive = session.get(session.size() - 1);
        KafkaSettings settings = fromTheStart("half-garbage", "half-garbage-alerts", "kafka-half-garbage-it")
                .build();
        JobSettings jobSettings = JobSettings.defaults().withIdleness(Duration.ofSeconds(3));

        try (KafkaProducer<String, String> first = KAFKA.producer()) {
            // its watermark before the session: while it counts, it holds the session rules back
            first.send(new ProducerRecord<>(
                    "half-garbage", 1, null, EventHubRecord.render(TestSignIns.signIn("before-it-broke", -60))));
        }
        try (LiveFeed garbage = new LiveFeed(KAFKA, "half-garbage", 1, Duration.ofMillis(100), () -> "not json");
                KafkaProducer<String, String> producer = KAFKA.producer()) {
            for (String record : session) producer.send(new ProducerRecord<>("half-garbage", 0, null, record));
            producer.flush();
            try (LiveFeed signIns = new LiveFeed(KAFKA, "half-garbage", 0, Duration.ofMillis(100), () -> keepAlive);
                    RunningJob job = RunningJob.start(job(settings, jobSettings), "kafka half garbage")) {
                awaitSessionAlert(job, "half-garbage-alerts", "half-garbage-poller");
            }
        }
    }

    /**
     * A device-code session redeemed by a poller from another network a minute later, then sign-ins hours and a day
     * later that carry event time past it, so that the session rules decide.
     */
    private static List<String> phishingSession(String prefix) {
        SignInSpec browser = TestSignIns.signIn(prefix + "-browser", 0)
                .session("s-" + prefix, "c-" + prefix)
                .deviceCode(true);
        SignInSpec poller = browser.copy(prefix + "-poller", TestSignIns.minutes(1))
                .tokenRefresh()
                .deviceCode(false)
                .network("198.51.100.9", 64511, "NL", "Amsterdam")
                .userAgent("python-requests/2.31.0");
        SignInSpec later = TestSignIns.signIn(prefix + "-later", 240);
        SignInSpec nextDay = TestSignIns.signIn(prefix + "-next-day", 24 * 60);
        return Stream.of(browser, poller, later, nextDay)
                .map(EventHubRecord::render)
                .toList();
    }

    /** An Event Hub audit record of an operation that is no device registration, logged at {@code at}. */
    private static String addMemberToGroup(Instant at) {
        return "{\"records\":[{\"time\":\"" + at + "\",\"category\":\"AuditLogs\",\"tenantId\":\""
                + TestSignIns.TENANT + "\",\"operationName\":\"Add member to group\",\"properties\":{\"id\":\""
                + UUID.randomUUID() + "\",\"category\":\"GroupManagement\",\"activityDisplayName\":"
                + "\"Add member to group\",\"activityDateTime\":\"" + at.minusSeconds(2) + "\",\"result\":"
                + "\"success\",\"targetResources\":[{\"id\":\"g-1\",\"type\":\"Group\"}]}}]}";
    }

    private static StreamExecutionEnvironment job(KafkaSettings settings, JobSettings jobSettings) {
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
        KafkaPipeline.detectionJob(jobSettings, settings, SignInKafkaSource.create(settings, jobSettings), List.of())
                .build(env);
        return env;
    }

    /** Waits for the session-multi-source alert whose evidence holds {@code pollerId}. */
    private static void awaitSessionAlert(RunningJob job, String topic, String pollerId) throws Exception {
        KAFKA.await(
                job,
                topic,
                true,
                records -> AlertDocuments.describe(KafkaBroker.values(records)).stream()
                        .anyMatch(alert -> alert.startsWith("session-multi-source ") && alert.contains(pollerId)),
                KafkaTestJobs.TIMEOUT);
    }

    /** The settings of a run on {@code input} from its earliest offsets, alerts to {@code alerts}. */
    private static KafkaSettings.Builder fromTheStart(String input, String alerts, String groupId) {
        return KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopic(input)
                .alertsTopic(alerts)
                .groupId(groupId)
                .startingOffsets(StartingOffsets.parse("earliest"));
    }

    /** The job as production builds it, on an environment that checkpoints every half second. */
    private static StreamExecutionEnvironment jobFromTheStart(KafkaSettings.Builder builder) {
        KafkaSettings settings = builder.build();
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
        KafkaPipeline.detectionJob(
                        JobSettings.defaults(),
                        settings,
                        SignInKafkaSource.create(settings, JobSettings.defaults()),
                        List.of())
                .build(env);
        return env;
    }

    private static List<ConsumerRecord<String, String>> atLeast(RunningJob job, String topic, int count)
            throws Exception {
        return KAFKA.await(job, topic, true, records -> records.size() >= count, KafkaTestJobs.TIMEOUT);
    }
}
