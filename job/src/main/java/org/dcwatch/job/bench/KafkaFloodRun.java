package org.dcwatch.job.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dcwatch.job.config.JobSettings;
import org.dcwatch.job.generate.EventHubRecord;
import org.dcwatch.job.generate.Networks;
import org.dcwatch.job.generate.SignInSpec;
import org.dcwatch.job.kafka.KafkaPipeline;
import org.dcwatch.job.kafka.KafkaSettings;
import org.dcwatch.job.kafka.SignInKafkaSource;
import org.dcwatch.job.kafka.StartingOffsets;
import org.dcwatch.udfs.rules.RuleCatalogue;

/**
 * The flood benchmark's Kafka run: does one tenant's flood delay another tenant's alerts? The job as a Kafka
 * {@code run} builds it (exactly-once alerts, committed on checkpoints every {@link #CHECKPOINT_INTERVAL}) on the
 * embedded Flink, reading a one-partition topic of a {@link LocalKafkaBroker}. Tenant B's small phishing session (the
 * victim's two browser sign-ins, a poller's token use 15 s later) is produced three times: once to warm up
 * (unmeasured), once alone, then in the middle of tenant A's one-source flood. Each time the delay is from B's last
 * sign-in acknowledged by the broker to each of B's alerts being readable in the alerts topic by a
 * {@code read_committed} consumer, per rule.
 *
 * <p>Event time: everything lies in the last 22 minutes of the wall clock (a Kafka run refuses sign-ins from the
 * future), in order, and the out-of-orderness is short ({@link #OUT_OF_ORDERNESS}), as in {@code bench}'s latency phase:
 * with the production 5 minutes the session rules would alert 5 minutes of event time after the evidence, which only
 * later traffic brings. After each session a sign-in of a third tenant 30 s later carries the watermark past it.
 */
public final class KafkaFloodRun {

    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    static final String TENANT_B = "8e4c0b3d-6f5a-4192-9dce-3f4a5b6c7d8e";
    static final String TENANT_C = "9f5d1c4e-7a6b-42a3-8edf-4a5b6c7d8e9f";
    static final List<String> RULES = List.of(
            RuleCatalogue.SESSION_MULTI_SOURCE,
            RuleCatalogue.CONCURRENT_INTERACTIVE_NONINTERACTIVE,
            RuleCatalogue.UNSEEN_ASN);
    private static final String SIGN_INS = "flood-signins";
    private static final String ALERTS = "flood-alerts";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KafkaFloodRun() {}

    public static FloodResult.Kafka measure(
            BenchCluster cluster, Path workDir, Path kafkaLib, int floodSize, Duration timeout, PrintStream out)
            throws Exception {
        out.println("bench: flood on Kafka: starting a broker from " + kafkaLib);
        try (LocalKafkaBroker kafka =
                LocalKafkaBroker.start(kafkaLib, workDir.resolve("kafka-" + System.currentTimeMillis()))) {
            kafka.createTopics(SIGN_INS, ALERTS);
            KafkaSettings settings = KafkaSettings.builder(kafka.bootstrapServers())
                    .inputTopic(SIGN_INS)
                    .alertsTopic(ALERTS)
                    .groupId("dcwatch-flood-bench")
                    .startingOffsets(StartingOffsets.parse("earliest"))
                    .build();
            JobSettings job = JobSettings.defaults().withOutOfOrderness(OUT_OF_ORDERNESS);
            Configuration config = BenchCluster.jobConfiguration();
            config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINT_INTERVAL);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.setParallelism(1);
            KafkaPipeline.detectionJob(job, settings, SignInKafkaSource.create(settings, job), List.of())
                    .build(env);

            Instant now = Instant.now();
            Instant warmUpAt = now.minus(Duration.ofMinutes(22));
            Instant quietAt = warmUpAt.plus(Duration.ofMinutes(2));
            Instant floodAt = quietAt.plus(Duration.ofMinutes(2));
            FloodSignIns flood = new FloodSignIns(FloodSignIns.Shape.ONE_SOURCE, floodSize, FloodRun.SEED, floodAt);
            List<SignInSpec> floodSignIns = flood.signIns();
            Instant middle = floodAt.plus(FloodSignIns.SPAN.dividedBy(2));

            JobID jobId = cluster.submit(env);
            try (AlertWatch alerts = new AlertWatch(kafka.bootstrapServers());
                    KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                // a session of B first, unmeasured: the job running, caught up, its code compiled
                out.println("bench: flood on Kafka: warm-up, a session of tenant B (unmeasured)");
                long warmUpProduced = send(producer, session("b-warm-up", warmUpAt));
                send(producer, List.of(clock(warmUpAt.plusSeconds(45 + 30))));
                alerts.await(cluster, jobId, "b-warm-up", warmUpProduced, timeout);

                out.println("bench: flood on Kafka: tenant B's session alone");
                long quietProduced = send(producer, session("b-quiet", quietAt));
                send(producer, List.of(clock(quietAt.plusSeconds(45 + 30))));
                Map<String, Long> quiet = alerts.await(cluster, jobId, "b-quiet", quietProduced, timeout);

                out.println("bench: flood on Kafka: tenant A's one-source flood of " + floodSize
                        + " sign-ins, tenant B's session in its middle");
                int half = 0;
                while (half < floodSignIns.size() && !flood.time(half).isAfter(middle)) {
                    half++;
                }
                send(producer, floodSignIns.subList(0, half));
                long floodProduced = send(producer, session("b-flood", middle));
                List<SignInSpec> rest = new ArrayList<>(floodSignIns.subList(half, floodSignIns.size()));
                rest.add(clock(floodAt.plus(FloodSignIns.SPAN).plusSeconds(30)));
                send(producer, rest);
                Map<String, Long> during = alerts.await(cluster, jobId, "b-flood", floodProduced, timeout);
                return new FloodResult.Kafka(
                        floodSize, CHECKPOINT_INTERVAL.toMillis(), timeout.toSeconds(), quiet, during);
            } finally {
                cluster.cancel(jobId);
            }
        }
    }

    /**
     * Tenant B's phishing session of user {@code user}: the victim's browser at home (the code, MFA 10 s later), the
     * poller's token use from a hosting network 15 s after that. Its session rules and unseen-asn alert.
     */
    static List<SignInSpec> session(String user, Instant at) {
        Networks.Network home = Networks.HOME.get(1);
        Networks.Network hosting = Networks.HOSTING.get(1);
        String userId = java.util
                .UUID
                .nameUUIDFromBytes(user.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        SignInSpec code = new SignInSpec(user + "-code", at)
                .user(TENANT_B, userId, user + "@fabrikam.example", user)
                .session(user + "-session", user + "-session")
                .network(home.ip(7), home.asn(), home.country(), home.city())
                .deviceCode(true);
        SignInSpec mfa = code.copy(user + "-mfa", at.plusSeconds(10));
        SignInSpec poller = code.copy(user + "-poller", at.plusSeconds(25))
                .tokenRefresh()
                .deviceCode(false)
                .network(hosting.ip(9), hosting.asn(), hosting.country(), hosting.city())
                .userAgent(FloodSignIns.POLLER_USER_AGENT)
                .unknownDevice();
        return List.of(code, mfa, poller);
    }

    /** An ordinary sign-in of a third tenant: later traffic, which moves event time on. */
    private static SignInSpec clock(Instant at) {
        return new SignInSpec("clock-" + at.toEpochMilli(), at)
                .user(TENANT_C, "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d", "clock@tailspin.example", "Clock")
                .network("79.200.1.1", 3320, "DE", "Berlin");
    }

    /** Sends the sign-ins, one record a message, and returns when the broker acknowledged the last (epoch millis). */
    private static long send(KafkaProducer<String, String> producer, List<SignInSpec> signIns) throws Exception {
        java.util.concurrent.Future<?> last = null;
        for (SignInSpec signIn : signIns)
            last = producer.send(new ProducerRecord<>(SIGN_INS, EventHubRecord.render(signIn)));
        producer.flush();
        if (last != null) last.get();
        return System.currentTimeMillis();
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * A read_committed consumer of the alerts topic on a thread of its own, noting when each (user, rule) was first
     * readable.
     */
    private static final class AlertWatch implements AutoCloseable {

        private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Exception failure;

        AlertWatch(String bootstrapServers) {
            Properties properties = new Properties();
            properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, String> consumer =
                                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
                            TopicPartition partition = new TopicPartition(ALERTS, 0);
                            consumer.assign(List.of(partition));
                            consumer.seekToBeginning(List.of(partition));
                            while (running) {
                                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                                    long seen = System.currentTimeMillis();
                                    JsonNode alert = MAPPER.readTree(record.value());
                                    String user = alert.path("user")
                                            .path("userPrincipalName")
                                            .asText();
                                    firstSeen.putIfAbsent(
                                            user + "|"
                                                    + alert.path("rule")
                                                            .path("id")
                                                            .asText(),
                                            seen);
                                }
                            }
                        } catch (Exception e) {
                            failure = e;
                        }
                    },
                    "flood-bench-alert-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Waits until every rule has alerted on {@code user}, or the timeout; returns each rule's delay after
         * {@code producedMillis}, -1 for one that did not alert in time.
         */
        Map<String, Long> await(BenchCluster cluster, JobID jobId, String user, long producedMillis, Duration timeout)
                throws Exception {
            String upn = user + "@fabrikam.example";
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!RULES.stream().allMatch(rule -> firstSeen.containsKey(upn + "|" + rule))
                    && System.nanoTime() < deadline) {
                if (failure != null) throw failure;
                cluster.assertNotFailed(jobId);
                Thread.sleep(50); // waiting for output that comes, checked each time; an absence is reported as such
            }
            Map<String, Long> delays = new TreeMap<>();
            for (String rule : RULES) {
                Long seen = firstSeen.get(upn + "|" + rule);
                delays.put(rule, seen == null ? -1 : seen - producedMillis);
            }
            return delays;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
