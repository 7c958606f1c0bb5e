package org.dcwatch.job.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.SignInSpec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history bootstrap ({@code run --history}): three weeks of Frank's sign-ins from a history export, then the live
 * topic, through one HybridSource. The history teaches the unseen-asn rule Frank's office and home networks, so that
 * live device-code sign-ins from them stay silent while one from a hosting network alerts. The history holds a
 * phishing look-alike of its own, which raises nothing unless the run is told to alert on history.
 */
class HybridSourceITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = KafkaTestJobs.miniCluster();

    static final String TENANT = "5b0c7e1d-9a2f-4c3e-8d4b-6f1a2e3c4d5e";
    /** Where the history export ends and the live topic takes over. */
    static final Instant LIVE_FROM = Instant.parse("2026-03-02T09:00:00Z");

    static final int OFFICE_ASN = 3320;
    static final int HOME_ASN = 8075;
    static final int HOSTING_ASN = 14061;
    static final int UNSEEN_ASN = 64500;

    @TempDir
    Path temp;

    @Test
    void learnsTheBaselineFromHistoryAndAlertsOnlyOnALiveSignInFromAnUnseenNetwork() throws Exception {
        List<String> alerts = run("quiet", JobSettings.defaults().withLearnOnlyBefore(LIVE_FROM.toEpochMilli()));
        assertEquals(List.of("unseen-asn frank@fabrikam.example r0 [frank-live-hosting]"), alerts);
    }

    @Test
    void alertsOnTheHistoryTooWhenToldTo() throws Exception {
        List<String> alerts = run("loud", JobSettings.defaults());
        assertEquals(
                List.of(
                        "session-multi-source frank@fabrikam.example r0 [frank-history-browser, frank-history-poller]",
                        "unseen-asn frank@fabrikam.example r0 [frank-history-poller]",
                        "unseen-asn frank@fabrikam.example r0 [frank-live-hosting]"),
                alerts);
    }

    /** Runs history then live, with its own topics; returns the committed alerts, described. */
    private List<String> run(String name, JobSettings jobSettings) throws Exception {
        Path history = Files.write(temp.resolve("history.jsonl"), history());
        KAFKA.createTopics(name + "-signins", name + "-alerts", name + "-visibility");
        KAFKA.produce(name + "-signins", live());
        KafkaSettings settings = KafkaSettings.builder(KAFKA.bootstrapServers())
                .inputTopic(name + "-signins")
                .alertsTopic(name + "-alerts")
                .visibilityTopic(name + "-visibility")
                .groupId("hybrid-" + name)
                .startingOffsets(StartingOffsets.parse("timestamp:" + LIVE_FROM))
                .build();
        StreamExecutionEnvironment env = KafkaTestJobs.environment(Duration.ofMillis(500));
        KafkaPipeline.detectionJob(
                        jobSettings,
                        settings,
                        KafkaPipeline.signIns(settings, jobSettings, history.toString()),
                        List.of())
                .build(env);

        try (RunningJob job = RunningJob.start(env, "history then live, " + name)) {
            // the last live sign-in is the one that alerts; everything before it is committed with it or earlier
            KAFKA.await(
                    job,
                    name + "-alerts",
                    true,
                    read -> KafkaBroker.values(read).stream().anyMatch(alert -> alert.contains("frank-live-hosting")),
                    KafkaTestJobs.TIMEOUT);
            List<ConsumerRecord<String, String>> visibility =
                    KAFKA.await(job, name + "-visibility", true, read -> read.size() >= 3, KafkaTestJobs.TIMEOUT);
            if (jobSettings.learnOnlyBefore() != JobSettings.NO_HISTORY) {
                assertEquals(
                        List.of("frank-live-home", "frank-live-hosting", "frank-live-office"),
                        visibility.stream().map(ConsumerRecord::key).sorted().toList(),
                        "the history's sign-ins are not reported");
            }
            return AlertDocuments.describe(
                    KafkaBroker.values(KAFKA.read(name + "-alerts", true, read -> false, Duration.ofSeconds(1))));
        }
    }

    /**
     * Three weeks before {@link #LIVE_FROM}, in time order as an export is: daily at the office, every other evening
     * at home, and ten days before, a device code entered at home and redeemed by a script on a hosting network — what
     * an attack looks like, in the history, where the bootstrap learns from it and raises nothing.
     */
    private static List<String> history() {
        List<SignInSpec> signIns = new ArrayList<>();
        Instant start = LIVE_FROM.minus(Duration.ofDays(21));
        for (int day = 0; day < 21; day++) {
            Instant morning = start.plus(Duration.ofDays(day));
            signIns.add(frank("frank-office-" + day, morning).network("93.184.10.50", OFFICE_ASN, "DE", "Berlin"));
            if (day == 11) {
                Instant then = morning.plus(Duration.ofHours(3));
                SignInSpec browser = frank("frank-history-browser", then)
                        .network("87.123.4.5", HOME_ASN, "DE", "Berlin")
                        .session("3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d", "frank-history")
                        .deviceCode(true);
                signIns.add(browser);
                signIns.add(browser.copy("frank-history-poller", then.plusSeconds(20))
                        .tokenRefresh()
                        .deviceCode(false)
                        .network("198.51.100.9", HOSTING_ASN, "NL", "Amsterdam")
                        .userAgent("python-requests/2.31.0"));
            }
            if (day % 2 == 0) {
                signIns.add(frank("frank-home-" + day, morning.plus(Duration.ofHours(12)))
                        .network("87.123.4.5", HOME_ASN, "DE", "Berlin"));
            }
        }
        return signIns.stream().map(EventHubRecord::render).toList();
    }

    /** After {@link #LIVE_FROM}: device-code sign-ins from the office, from home, and from a network never seen. */
    private static List<String> live() {
        return List.of(
                EventHubRecord.render(
                        deviceCode("frank-live-office", 10).network("93.184.10.50", OFFICE_ASN, "DE", "Berlin")),
                EventHubRecord.render(
                        deviceCode("frank-live-home", 20).network("87.123.4.5", HOME_ASN, "DE", "Berlin")),
                EventHubRecord.render(
                        deviceCode("frank-live-hosting", 30).network("203.0.113.7", UNSEEN_ASN, "US", "Ashburn")));
    }

    private static SignInSpec deviceCode(String id, int minutesAfterLiveFrom) {
        return frank(id, LIVE_FROM.plus(Duration.ofMinutes(minutesAfterLiveFrom)))
                .session(id, id)
                .deviceCode(true);
    }

    private static SignInSpec frank(String id, Instant time) {
        return new SignInSpec(id, time)
                .user(TENANT, "f6a7b8c9-6666-4777-8888-99990000aaaa", "frank@fabrikam.example", "Frank Ode");
    }
}
